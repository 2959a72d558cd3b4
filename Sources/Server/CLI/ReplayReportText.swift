import Analytics
import Foundation

/// The text form of a replay report, for a person at a terminal.
enum ReplayReportText {
    static func render(_ report: ReplayReport) -> String {
        let counts = report.requests
        let skipped = counts.notReplayable.values.reduce(0, +)
        var lines = [
            "replay       \(report.alternative)",
            "selection    \(report.selection): \(counts.selected) requests, \(counts.replayed) replayed "
                + "(\(counts.decidedAgain) decided again, \(counts.kept) kept)" + (skipped > 0 ? ", \(skipped) not replayable" : ""),
            "cost         actual \(usd(report.actual.costUSD)) → counterfactual \(usd(report.counterfactual.costUSD)) "
                + "(\(signed(report.costDeltaUSD))\(percentChange(report.actual.costUSD, report.counterfactual.costUSD)))",
            "per 1k       \(usd(report.actual.costPer1KRequestsUSD)) → \(usd(report.counterfactual.costPer1KRequestsUSD))",
            "changed      \(report.changed.count) decisions (\(percent(report.changed.share)))",
            "models       \(shares(report.actual.modelShare, report.counterfactual.modelShare))",
            "tiers        \(shares(report.actual.tierShare, report.counterfactual.tierShare))",
            "latency      p50 \(ms(report.actual.latencyMs.p50)) → \(ms(report.counterfactual.latencyMs.p50)), "
                + "p95 \(ms(report.actual.latencyMs.p95)) → \(ms(report.counterfactual.latencyMs.p95)) (estimated)",
        ]
        if !report.examples.isEmpty {
            lines.append("examples")
            for example in report.examples {
                lines.append("  \(example.requestID)  \(example.actual.model) → \(example.counterfactual.model)  \(signed(example.costDeltaUSD))")
                if let prompt = example.promptExcerpt { lines.append("    prompt          \(prompt)") }
                lines.append("    actual          \(example.actual.reason)")
                lines.append("    counterfactual  \(example.counterfactual.reason)")
            }
        }
        if let feedback = report.feedback {
            lines.append("feedback (\(feedback.note))")
            for model in feedback.models {
                let score = model.meanScore.map { String(format: "mean score %.3f", $0) } ?? "no scores"
                lines.append("  \(model.model): \(score) over \(model.feedbackCount) feedback; share "
                    + "\(percent(model.actualShare)) → \(percent(model.counterfactualShare))")
            }
        }
        lines.append("assumptions")
        lines += report.assumptions.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }

    static func usd(_ value: Double) -> String { String(format: "$%.6f", value) }

    static func signed(_ value: Double) -> String { (value < 0 ? "-" : "+") + usd(abs(value)) }

    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

    static func ms(_ value: Double) -> String { String(format: "%.0f ms", value) }

    private static func percentChange(_ before: Double, _ after: Double) -> String {
        before > 0 ? String(format: ", %+.1f %%", (after - before) / before * 100) : ""
    }

    private static func shares(_ before: [String: Double], _ after: [String: Double]) -> String {
        let keys = Set(before.keys).union(after.keys).sorted { (before[$0] ?? 0, $1) > (before[$1] ?? 0, $0) }
        return keys.map { "\($0.isEmpty ? "(none)" : $0) \(percent(before[$0] ?? 0)) → \(percent(after[$0] ?? 0))" }
            .joined(separator: ", ")
    }
}
