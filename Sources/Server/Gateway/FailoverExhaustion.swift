import HTTPTypes
import Ledger

/// What the client is told when no upstream attempt succeeded (the failover executor is
/// exhausted), after the failures are recorded.
enum FailoverExhaustion {
    /// Records `opening` (the request's events not yet appended), the failed attempts and
    /// `completion.failed` in one batch, and returns the error for the client: the upstream's own
    /// 4xx, 504 after a timeout, else 502.
    static func recordedClientError(
        _ error: any Error, gateway: Gateway, events: RequestEvents, requestID: String, after opening: [NewEvent] = []
    ) async throws -> OpenAIError {
        let exhausted = error as? FailoverExecutor.Exhausted ?? .init(setbacks: [], last: nil)
        var clientError: OpenAIError
        if let last = exhausted.last, !last.isRetryable, let status = last.status {
            clientError = OpenAIError(
                status: .init(code: status), message: "upstream rejected the request: \(last.message)",
                type: last.errorType ?? "invalid_request_error", code: "upstream_rejected")
        } else if exhausted.last?.kind == .timeout {
            clientError = OpenAIError(
                status: .gatewayTimeout, message: "every upstream attempt failed; the last one timed out",
                type: "api_error", code: "upstream_timeout")
        } else if let last = exhausted.last {
            clientError = OpenAIError(
                status: .badGateway,
                message: "every upstream attempt failed (\(exhausted.failures.count)); the last: \(last)",
                type: "api_error", code: "upstream_failed")
        } else {
            clientError = OpenAIError(
                status: .badGateway, message: "no provider is available: every circuit breaker is open",
                type: "api_error", code: "upstream_unavailable")
        }
        clientError.requestID = requestID
        try await gateway.record(
            opening + exhausted.setbacks.map(events.setback) + [events.failedForGood(clientError, attempts: exhausted.failures.count)])
        return clientError
    }
}
