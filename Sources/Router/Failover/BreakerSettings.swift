/// When a provider's circuit breaker opens and for how long (`routing.breaker`).
public struct BreakerSettings: Codable, Equatable, Sendable {
    /// Consecutive failures that open the breaker.
    public var failureThreshold: Int
    /// How long an open breaker skips the provider before letting one probe through.
    public var cooldownMs: Int

    /// Settings; by default 5 failures in a row open the breaker for 30 s.
    public init(failureThreshold: Int = 5, cooldownMs: Int = 30_000) {
        self.failureThreshold = failureThreshold
        self.cooldownMs = cooldownMs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case failureThreshold = "failure_threshold"
        case cooldownMs = "cooldown_ms"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = BreakerSettings()
        failureThreshold = try container.value(.failureThreshold, or: defaults.failureThreshold)
        cooldownMs = try container.value(.cooldownMs, or: defaults.cooldownMs)
    }
}
