import CanonicalJSON
import Ledger

/// `upstream.failed`: one attempt at one provider failed (the request may still succeed elsewhere).
public struct UpstreamFailed: EventPayload {
    public static let type = EventType.upstreamFailed
    public static let schema = 1

    public var provider: String
    public var model: String
    /// 1 for the first attempt of the request, 2 for the next, …
    public var attempt: Int
    /// `timeout`, `connection`, `http_5xx`, `http_429`, `invalid_response`, `circuit_open`, …
    public var errorClass: String
    public var status: Int?
    public var latencyMilliseconds: Double
    public var message: String?

    public init(
        provider: String, model: String, attempt: Int, errorClass: String, status: Int?,
        latencyMilliseconds: Double, message: String? = nil
    ) {
        self.provider = provider
        self.model = model
        self.attempt = attempt
        self.errorClass = errorClass
        self.status = status
        self.latencyMilliseconds = latencyMilliseconds
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, attempt, status, message
        case errorClass = "error_class"
        case latencyMilliseconds = "latency_ms"
    }
}
