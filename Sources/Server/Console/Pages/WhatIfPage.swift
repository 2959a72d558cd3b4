import Analytics
import Console
import Foundation
import Router

/// The what-if form over `POST /v1/replay` (strategy or `router-…` model, params, price
/// overrides, the traffic to replay), and once run the report — counts, both sides' cost,
/// latency and shares, examples — with the threshold sweep chart and a threshold calibrated to
/// a strong-model share.
struct WhatIfPage: ConsolePage {
    static let template = "what-if"

    /// The form's fields as sent (shown again with the report).
    struct Form: Sendable {
        var strategy = "", model = "", params = "", prices = "", since = "", until = "", actualModel = ""
        var key = "", status = "", examples = "10", scorer = "", targetShare = "20"
        var strategies: [ConsoleOption] = []
        var scorers: [ConsoleOption] = []
        var statuses: [ConsoleOption] = []
    }

    struct Share: Sendable {
        var name: String
        var actual: String
        var counterfactual: String
    }

    struct Example: Sendable {
        var requestID, receivedAt, prompt: String
        var actualModel, actualCost, counterfactualModel, counterfactualCost, delta, reason: String
    }

    struct Report: Sendable {
        var alternative, selection: String
        var counts: [ConsoleFigure]
        var notReplayable: [ConsoleFigure]
        var sides: [ConsoleFigure]
        var modelShares: [Share]
        var tierShares: [Share]
        var examples: [Example]
        var assumptions: [String]
    }

    struct Sweep: Sendable {
        var scorer: String
        var routed: Int
        var chart: String
        var calibration: String
        var calibratedThreshold: String
    }

    var chrome: ConsoleChrome
    var form: Form
    var report: Report?
    var sweep: Sweep?

    init(form: Form, report: ReplayReport?, sweep: Sweep?, access: ConsoleAccess) {
        chrome = ConsoleChrome(title: "What if", section: .whatIf, access: access)
        var form = form
        form.strategies = ConsoleOption.list(
            [""] + RoutingSettings.strategyNames, chosen: form.strategy, emptyLabel: "(from the model field)")
        form.scorers = ConsoleOption.list(
            ThresholdScorer.allCases.map(\.rawValue), chosen: form.scorer.isEmpty ? "complexity" : form.scorer, emptyLabel: "")
        form.statuses = ConsoleOption.list(["", "succeeded", "failed"], chosen: form.status, emptyLabel: "any")
        self.form = form
        self.report = report.map(Self.report)
        self.sweep = sweep
    }

    private static func report(_ report: ReplayReport) -> Report {
        let figure = ConsoleFigure.init
        let counts = report.requests
        let shares = { (actual: [String: Double], counterfactual: [String: Double]) -> [Share] in
            Set(actual.keys).union(counterfactual.keys).sorted().map {
                Share(
                    name: $0, actual: ConsoleFormat.percent(actual[$0] ?? 0),
                    counterfactual: ConsoleFormat.percent(counterfactual[$0] ?? 0))
            }
        }
        return Report(
            alternative: report.alternative, selection: report.selection,
            counts: [
                figure("selected", "Selected", Double(counts.selected), ConsoleFormat.count(counts.selected)),
                figure("replayed", "Replayed", Double(counts.replayed), ConsoleFormat.count(counts.replayed)),
                figure("decided_again", "Decided again", Double(counts.decidedAgain), ConsoleFormat.count(counts.decidedAgain)),
                figure("kept", "Kept their model", Double(counts.kept), ConsoleFormat.count(counts.kept)),
                figure("changed", "Changed model", Double(report.changed.count), ConsoleFormat.count(report.changed.count)),
            ],
            notReplayable: counts.notReplayable.sorted { $0.key < $1.key }.map {
                figure("not_replayable", $0.key, Double($0.value), ConsoleFormat.count($0.value))
            },
            sides: [
                figure("actual_cost_usd", "Actual cost", report.actual.costUSD, ConsoleFormat.dollars(report.actual.costUSD)),
                figure(
                    "counterfactual_cost_usd", "What-if cost", report.counterfactual.costUSD,
                    ConsoleFormat.dollars(report.counterfactual.costUSD)),
                figure("cost_delta_usd", "Difference", report.costDeltaUSD, ConsoleFormat.dollars(report.costDeltaUSD)),
                figure(
                    "actual_cost_per_1k_requests_usd", "Actual per 1k requests", report.actual.costPer1KRequestsUSD,
                    ConsoleFormat.dollars(report.actual.costPer1KRequestsUSD)),
                figure(
                    "counterfactual_cost_per_1k_requests_usd", "What-if per 1k requests",
                    report.counterfactual.costPer1KRequestsUSD, ConsoleFormat.dollars(report.counterfactual.costPer1KRequestsUSD)),
                figure(
                    "actual_latency_p50_ms", "Actual latency p50", report.actual.latencyMs.p50,
                    ConsoleFormat.milliseconds(report.actual.latencyMs.p50)),
                figure(
                    "counterfactual_latency_p50_ms", "What-if latency p50", report.counterfactual.latencyMs.p50,
                    ConsoleFormat.milliseconds(report.counterfactual.latencyMs.p50)),
                figure(
                    "actual_latency_p95_ms", "Actual latency p95", report.actual.latencyMs.p95,
                    ConsoleFormat.milliseconds(report.actual.latencyMs.p95)),
                figure(
                    "counterfactual_latency_p95_ms", "What-if latency p95", report.counterfactual.latencyMs.p95,
                    ConsoleFormat.milliseconds(report.counterfactual.latencyMs.p95)),
            ],
            modelShares: shares(report.actual.modelShare, report.counterfactual.modelShare),
            tierShares: shares(report.actual.tierShare, report.counterfactual.tierShare),
            examples: report.examples.map { example in
                Example(
                    requestID: example.requestID, receivedAt: example.receivedAt, prompt: example.promptExcerpt ?? "",
                    actualModel: example.actual.model, actualCost: ConsoleFormat.dollars(example.actual.costUSD),
                    counterfactualModel: example.counterfactual.model,
                    counterfactualCost: ConsoleFormat.dollars(example.counterfactual.costUSD),
                    delta: ConsoleFormat.dollars(example.costDeltaUSD), reason: example.counterfactual.reason)
            },
            assumptions: report.assumptions)
    }
}
