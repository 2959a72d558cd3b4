import CanonicalJSON
import Ledger

/// `provider.breaker_changed`: a provider's circuit breaker moved from one phase to another
/// (`closed`, `open`, `half_open`), because of traffic (a request's attempt failed or succeeded)
/// or of an active health probe. Recorded so that the audit of a failover can show why a provider
/// was skipped.
public struct ProviderBreakerChanged: EventPayload {
    public static let type = EventType.providerBreakerChanged
    public static let schema = 1

    /// What moved the breaker.
    public enum Cause: String, Codable, Sendable {
        /// A request's attempt (its request id is the event's).
        case traffic
        /// A background health probe.
        case probe
    }

    public var provider: String
    /// The phase before: `closed`, `open` or `half_open`.
    public var from: String
    /// The phase after.
    public var to: String
    public var cause: Cause
    /// The failure's class (`timeout`, `connection`, `status 503`, `malformed`) when a failure moved it.
    public var errorClass: String?
    /// What failed, without secrets.
    public var message: String?
    /// Consecutive failures counted when it moved.
    public var consecutiveFailures: Int

    public init(
        provider: String, from: String, to: String, cause: Cause, errorClass: String? = nil, message: String? = nil,
        consecutiveFailures: Int
    ) {
        self.provider = provider
        self.from = from
        self.to = to
        self.cause = cause
        self.errorClass = errorClass
        self.message = message
        self.consecutiveFailures = consecutiveFailures
    }

    enum CodingKeys: String, CodingKey {
        case provider, from, to, cause, message
        case errorClass = "error_class"
        case consecutiveFailures = "consecutive_failures"
    }
}
