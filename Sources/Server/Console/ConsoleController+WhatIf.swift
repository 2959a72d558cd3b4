import Analytics
import Console
import CanonicalJSON
import Foundation
import Hummingbird
import Ledger
import Router

extension ConsoleController {
    /// The empty what-if form.
    func whatIfForm(_ access: ConsoleAccess) -> Response {
        html(templates.render(WhatIfPage(form: WhatIfPage.Form(), report: nil, sweep: nil, access: access)))
    }

    /// Runs the what-if the form describes: the report `POST /v1/replay` gives for the same inputs
    /// (the form becomes that endpoint's JSON body and is checked by the same reader), and the
    /// threshold sweep of the chosen scorer over the same requests with a threshold calibrated
    /// to the target strong-model share.
    func whatIf(_ fields: [String: String], _ access: ConsoleAccess) async throws -> Response {
        let form = Self.whatIfForm(fields)
        let spec = try Self.replaySpec(form)
        guard let scorer = ThresholdScorer(rawValue: form.scorer.isEmpty ? "complexity" : form.scorer) else {
            throw ConsoleProblem(
                status: .badRequest, heading: "Bad request",
                message: "unknown scorer \"\(form.scorer)\" (expected one of: "
                    + ThresholdScorer.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                parameter: "scorer", backHref: "/console/what-if")
        }
        guard let percent = Double(form.targetShare), (0...100).contains(percent) else {
            throw ConsoleProblem(
                status: .badRequest, heading: "Bad request",
                message: "the target strong-model share must be a percentage from 0 to 100, not \"\(form.targetShare)\"",
                parameter: "target_share", backHref: "/console/what-if")
        }
        let report: ReplayReport
        let sweep: ThresholdSweep
        do {
            report = try await projector.replay(spec)
            let engine = try await projector.replayEngine()
            sweep = try ThresholdSweep(
                engine: engine, scorer: scorer, rows: try engine.selectedRows(spec.selection), prices: spec.prices ?? [:])
        } catch let problem as InvalidQuery {
            throw ConsoleProblem(invalid: problem, backHref: "/console/what-if")
        }
        // The `sweep` command's default thresholds: 0 to 1 by 0.01.
        let points = (0...100).map { sweep.point(at: Double($0) / 100) }
        let chart = SweepChart(
            title: "router-\(scorer.rawValue)-<threshold> over \(sweep.routed) routed requests",
            points: points.map { SweepChartPoint(threshold: $0.threshold, costUSD: $0.costUSD, strongShare: $0.strongShare) },
            currentThreshold: sweep.configuredThreshold)
        let calibration = sweep.calibrate(strongShare: percent / 100)
        let sweepView = WhatIfPage.Sweep(
            scorer: scorer.rawValue, routed: sweep.routed, chart: chart.inlineSVG(),
            calibration: "\(calibration.model) sends \(ConsoleFormat.percent(calibration.strongShare)) "
                + "(\(calibration.strongRequests) of \(calibration.routedRequests)) of routed requests to the strong model",
            calibratedThreshold: ConsoleFormat.exact(calibration.threshold))
        return html(templates.render(WhatIfPage(form: form, report: report, sweep: sweepView, access: access)))
    }

    private static func whatIfForm(_ fields: [String: String]) -> WhatIfPage.Form {
        func field(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var form = WhatIfPage.Form()
        form.strategy = field("strategy")
        form.model = field("model")
        form.params = field("params")
        form.prices = field("prices")
        form.since = field("since")
        form.until = field("until")
        form.actualModel = field("actual_model")
        form.key = field("key")
        form.status = field("status")
        form.examples = field("examples").isEmpty ? "10" : field("examples")
        form.scorer = field("scorer")
        form.targetShare = field("target_share").isEmpty ? "20" : field("target_share")
        return form
    }

    /// The form as the JSON body of `POST /v1/replay`, read by that endpoint's reader, so the
    /// console and the API accept and refuse the same inputs.
    private static func replaySpec(_ form: WhatIfPage.Form) throws -> ReplaySpec {
        var body: [String: JSONValue] = [:]
        for (name, value) in [
            ("strategy", form.strategy), ("model", form.model), ("since", form.since), ("until", form.until),
            ("actual_model", form.actualModel), ("key", form.key), ("status", form.status),
        ] where !value.isEmpty {
            body[name] = .string(value)
        }
        for (name, text) in [("params", form.params), ("prices", form.prices)] where !text.isEmpty {
            guard let object = JSONObjectCoding.object(Array(text.utf8)) else {
                throw ConsoleProblem(
                    status: .badRequest, heading: "Bad request", message: "\(name) must be a JSON object, e.g. "
                        + (name == "params" ? #"{"threshold": 0.4}"# : #"{"gpt-4o": {"input_per_1k": 0.0025, "output_per_1k": 0.01}}"#),
                    parameter: name, backHref: "/console/what-if")
            }
            body[name] = .object(object)
        }
        guard let examples = Int(form.examples), examples >= 0 else {
            throw ConsoleProblem(
                status: .badRequest, heading: "Bad request",
                message: "examples must be a whole number ≥ 0, not \"\(form.examples)\"", parameter: "examples",
                backHref: "/console/what-if")
        }
        body["examples"] = .int(Int64(examples))
        do {
            return try ReplayRequestBody.spec(JSONObjectCoding.bytes(body))
        } catch {
            throw ConsoleProblem(
                status: .badRequest, heading: "Bad request", message: error.message, parameter: error.param,
                backHref: "/console/what-if")
        }
    }
}
