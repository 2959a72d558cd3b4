/// The phase of a circuit breaker, as `/status` reports it.
public enum BreakerPhase: String, Codable, Sendable {
    /// Requests flow.
    case closed
    /// The provider is skipped until its cooldown ends.
    case open
    /// The cooldown is over; one probe decides whether the breaker closes or opens again.
    case halfOpen = "half_open"
}
