import CanonicalJSON
import Ledger

/// `upstream.skipped`: a model of the request's fallback plan was not tried because its
/// provider's circuit breaker was open (or half-open with its one trial call in flight). Names
/// the breaker's latest move, so the audit says why: when it moved, what moved it (traffic or a
/// health probe) and the failure, with the id of its `provider.breaker_changed` event.
public struct UpstreamSkipped: EventPayload {
    public static let type = EventType.upstreamSkipped
    public static let schema = 1

    public var provider: String
    public var model: String
    /// `circuit_open` or `circuit_half_open`.
    public var reason: String
    /// The `event_id` of the breaker's latest `provider.breaker_changed`, when it moved since start.
    public var breakerEventID: String?
    /// When it moved (Unix ms).
    public var breakerChangedAt: Int64?
    /// `traffic` or `probe`.
    public var breakerCause: String?
    public var errorClass: String?
    public var message: String?

    public init(
        provider: String, model: String, reason: String, breakerEventID: String? = nil, breakerChangedAt: Int64? = nil,
        breakerCause: String? = nil, errorClass: String? = nil, message: String? = nil
    ) {
        self.provider = provider
        self.model = model
        self.reason = reason
        self.breakerEventID = breakerEventID
        self.breakerChangedAt = breakerChangedAt
        self.breakerCause = breakerCause
        self.errorClass = errorClass
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, reason, message
        case breakerEventID = "breaker_event_id"
        case breakerChangedAt = "breaker_changed_at"
        case breakerCause = "breaker_cause"
        case errorClass = "error_class"
    }
}
