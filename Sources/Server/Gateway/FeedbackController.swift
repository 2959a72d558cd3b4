import CanonicalJSON
import DomainEvents
import Hummingbird
import Ledger
import Router

/// `POST /v1/feedback`: a client's rating of an earlier request, recorded as a `feedback.recorded`
/// event under that request's id (SPEC section 4). The request must already be in the ledger (one
/// index probe). The answer — the feedback as recorded, with the event's `seq` — is sent only once
/// the event is acknowledged; a bad body is a 400 naming the field, and records nothing.
struct FeedbackController: Sendable {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.post("feedback") { request, _ in
            try await record(request)
        }
    }

    func record(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: gateway.config.server.maxBodyBytes)
        let feedback = try FeedbackBody(json: Array(buffer.readableBytesView))
        guard try await requestIsRecorded(feedback.requestID) else {
            throw OpenAIError.invalidRequest(
                "no request with id \(feedback.requestID) in the ledger", param: "request_id", code: "request_not_found")
        }
        let event = NewEvent(
            requestID: feedback.requestID,
            event: .feedbackRecorded(FeedbackRecorded(
                requestID: feedback.requestID, score: feedback.score, label: feedback.label, comment: feedback.comment)))
        let receipts = try await gateway.record([event])
        return .object([
            "object": .string("feedback"),
            "request_id": .string(feedback.requestID),
            "score": feedback.score.map(JSONValue.double) ?? .null,
            "label": feedback.label.map(JSONValue.string) ?? .null,
            "comment": feedback.comment.map(JSONValue.string) ?? .null,
            "seq": receipts.first.map { .int($0.seq) } ?? .null,
        ])
    }

    /// Whether the ledger holds any event of `requestID`; a ledger that cannot be read is a 503.
    private func requestIsRecorded(_ requestID: String) async throws(OpenAIError) -> Bool {
        do {
            return try await gateway.ledger.contains(requestID: requestID)
        } catch {
            throw OpenAIError(
                status: .serviceUnavailable, message: "the ledger cannot be read: \(error)", type: "api_error",
                code: "ledger_unavailable")
        }
    }
}
