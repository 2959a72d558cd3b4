/// One provider's breaker as `/status` shows it.
public struct BreakerStatus: Codable, Equatable, Sendable {
    /// The provider's name.
    public let provider: String
    /// Closed, open or half-open.
    public let phase: BreakerPhase
    /// Failures in a row since the last success.
    public let consecutiveFailures: Int
    /// Milliseconds until an open breaker lets a probe through; nil unless open.
    public let retryAfterMs: Int?

    /// A status line.
    public init(provider: String, phase: BreakerPhase, consecutiveFailures: Int, retryAfterMs: Int?) {
        self.provider = provider
        self.phase = phase
        self.consecutiveFailures = consecutiveFailures
        self.retryAfterMs = retryAfterMs
    }

    enum CodingKeys: String, CodingKey {
        case provider, phase
        case consecutiveFailures = "consecutive_failures"
        case retryAfterMs = "retry_after_ms"
    }
}
