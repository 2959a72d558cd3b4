import Analytics
import CanonicalJSON
import Foundation
import Mustache

/// One ended request as the request log shows it — on the page, in live mode and in the CSV and
/// JSON-lines exports — with the model that *served* it (after a fallback, not the one asked for)
/// beside the one requested.
struct RequestLogRow: Sendable {
    var requestID: String
    var completionSeq: Int64
    var completedAt: Int64
    var time: String
    var requestedModel: String
    var model: String
    var provider: String
    var tier: String
    var taskType: String
    var status: String
    /// `503 upstream_error` for a failed request; empty otherwise.
    var failure: String
    var attempts: Int
    var apiKeyID: String
    var inputTokens: Int
    var outputTokens: Int
    var latencyMilliseconds: Double?
    var costUSD: Double
    /// What the page shows for latency and cost (stored: templates read stored properties).
    var latencyText: String
    var costText: String
    /// Whether another model served than the one asked for (a fallback).
    var fellBack: Bool

    init(_ request: CompletedRequest) {
        requestID = request.requestID
        completionSeq = request.completionSeq
        completedAt = request.completedAt
        time = ConsoleFormat.time(request.completedAt)
        requestedModel = request.requestedModel ?? ""
        model = request.model ?? request.decision?.chosenModel ?? ""
        provider = request.provider ?? ""
        tier = request.decision?.tier ?? ""
        taskType = request.decision?.taskType ?? ""
        status = request.status.rawValue
        failure = request.status == .failed
            ? [request.failureStatus.map(String.init), request.failureType].compactMap { $0 }.joined(separator: " ") : ""
        attempts = request.failedAttempts + (request.status == .succeeded ? 1 : 0)
        apiKeyID = request.apiKeyID ?? ""
        inputTokens = request.inputTokens
        outputTokens = request.outputTokens
        latencyMilliseconds = request.latencyMilliseconds
        costUSD = request.costUSD
        latencyText = request.latencyMilliseconds.map(ConsoleFormat.milliseconds) ?? "—"
        costText = ConsoleFormat.dollars(request.costUSD)
        fellBack = request.status == .succeeded && request.failedAttempts > 0
            && request.model != request.decision?.chosenModel
    }

    /// The columns of the exports, in order.
    static let columns = [
        "request_id", "completion_seq", "completed_at", "requested_model", "model", "provider", "tier", "task_type",
        "status", "failure", "attempts", "api_key_id", "input_tokens", "output_tokens", "latency_ms", "cost_usd",
    ]

    /// The row as one JSON object (live mode's events and the JSON-lines export).
    var json: JSONValue {
        .object([
            "request_id": .string(requestID), "completion_seq": .int(completionSeq), "completed_at": .string(time),
            "requested_model": .string(requestedModel), "model": .string(model), "provider": .string(provider),
            "tier": .string(tier), "task_type": .string(taskType), "status": .string(status), "failure": .string(failure),
            "attempts": .int(Int64(attempts)), "api_key_id": .string(apiKeyID), "input_tokens": .int(Int64(inputTokens)),
            "output_tokens": .int(Int64(outputTokens)), "latency_ms": latencyMilliseconds.map(JSONValue.double) ?? .null,
            "cost_usd": .double(costUSD),
        ])
    }

    /// The row's fields in ``columns`` order, as CSV text.
    var csvFields: [String] {
        [
            requestID, String(completionSeq), time, requestedModel, model, provider, tier, taskType, status, failure,
            String(attempts), apiKeyID, String(inputTokens), String(outputTokens),
            latencyMilliseconds.map(ConsoleFormat.exact) ?? "", ConsoleFormat.exact(costUSD),
        ]
    }
}

/// Templates read a row's fields through ``child(named:)``: swift-mustache otherwise reflects the
/// whole row (`Mirror`) for every name it looks up, which cost ~0.8 ms a row — most of a request-log
/// page's time (`routeledger-bench console`).
extension RequestLogRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "requestID": requestID
        case "completionSeq": completionSeq
        case "time": time
        case "requestedModel": requestedModel
        case "model": model
        case "provider": provider
        case "tier": tier
        case "taskType": taskType
        case "status": status
        case "failure": failure
        case "attempts": attempts
        case "latencyText": latencyText
        case "costText": costText
        case "fellBack": fellBack
        default: nil
        }
    }
}
