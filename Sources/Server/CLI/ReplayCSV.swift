import Analytics
import Foundation

/// The CSV form of `routeledger replay`: a header and one line per selected request (RFC 4180
/// quoting).
enum ReplayCSV {
    static let header = "request_id,received_at,status,replay,actual_model,actual_tier,actual_cost_usd,"
        + "counterfactual_model,counterfactual_tier,counterfactual_cost_usd,cost_delta_usd,changed,"
        + "estimated_latency_ms,actual_reason,counterfactual_reason"

    static func line(_ outcome: ReplayOutcome) -> String {
        let replayed = outcome.kind != .notReplayable
        let fields: [String] = [
            outcome.requestID, RecordTimestamp.format(outcome.receivedAt), outcome.succeeded ? "succeeded" : "failed",
            kindName(outcome.kind), outcome.actualModel, outcome.actualTier, number(outcome.actualCostUSD),
            outcome.counterfactualModel, outcome.counterfactualTier, replayed ? number(outcome.counterfactualCostUSD) : "",
            replayed ? number(outcome.counterfactualCostUSD - outcome.actualCostUSD) : "", outcome.changed ? "true" : "false",
            outcome.estimatedLatencyMs.map(number) ?? "", outcome.actualReason, outcome.counterfactualReason,
        ]
        return CSVLine.make(fields)
    }

    static func kindName(_ kind: ReplayRun.Kind) -> String {
        switch kind {
        case .decided: "decided"
        case .kept: "kept"
        case .notReplayable: "not_replayable"
        }
    }

    private static func number(_ value: Double) -> String {
        "\(value)"
    }
}
