import CanonicalJSON
import Ledger

/// `completion.failed`: the request failed for good (every attempt failed, or it was rejected).
public struct CompletionFailed: EventPayload {
    public static let type = EventType.completionFailed
    public static let schema = 1

    /// The OpenAI error type sent to the client (`upstream_error`, `timeout`, …).
    public var errorType: String
    public var status: Int
    public var message: String
    public var attempts: Int

    public init(errorType: String, status: Int, message: String, attempts: Int) {
        self.errorType = errorType
        self.status = status
        self.message = message
        self.attempts = attempts
    }

    enum CodingKeys: String, CodingKey {
        case status, message, attempts
        case errorType = "error_type"
    }
}
