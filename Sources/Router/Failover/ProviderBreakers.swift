/// The circuit breakers of every provider, keyed by provider name.
///
/// A value: the gateway keeps one behind its own lock or actor and passes `now` in.
public struct ProviderBreakers: Equatable, Sendable {
    /// The settings every breaker uses.
    public let settings: BreakerSettings
    private var breakers: [String: CircuitBreaker]

    /// Closed breakers for `providers`.
    public init(providers: [String], settings: BreakerSettings) {
        self.settings = settings
        breakers = Dictionary(uniqueKeysWithValues: providers.map { ($0, CircuitBreaker(settings: settings)) })
    }

    /// The breaker of `provider` (a closed one for a provider not seen before).
    public func breaker(for provider: String) -> CircuitBreaker {
        breakers[provider] ?? CircuitBreaker(settings: settings)
    }

    /// Whether `provider` may be sent a request at `now`, without claiming a half-open probe.
    public func allowsRequest(to provider: String, at now: ContinuousClock.Instant) -> Bool {
        breaker(for: provider).allowsRequest(at: now)
    }

    /// Claims an attempt on `provider` at `now`; call before each upstream call and skip it on false.
    public mutating func acquire(_ provider: String, at now: ContinuousClock.Instant) -> Bool {
        var breaker = breaker(for: provider)
        defer { breakers[provider] = breaker }
        return breaker.acquire(at: now)
    }

    /// Records a successful call to `provider`.
    public mutating func recordSuccess(_ provider: String) {
        var breaker = breaker(for: provider)
        breaker.recordSuccess()
        breakers[provider] = breaker
    }

    /// Records a failed call to `provider` at `now`.
    public mutating func recordFailure(_ provider: String, at now: ContinuousClock.Instant) {
        var breaker = breaker(for: provider)
        breaker.recordFailure(at: now)
        breakers[provider] = breaker
    }

    /// Records a health probe's result for `provider` at `now`.
    public mutating func recordProbe(_ provider: String, passed: Bool, at now: ContinuousClock.Instant) {
        var breaker = breaker(for: provider)
        if passed { breaker.recordProbeSuccess(at: now) } else { breaker.recordProbeFailure(at: now) }
        breakers[provider] = breaker
    }

    /// Records a move of `provider`'s breaker made by another replica: `open` with the
    /// `remaining` cooldown, or `closed`.
    public mutating func recordRemote(_ provider: String, opened remaining: Duration?, at now: ContinuousClock.Instant) {
        var breaker = breaker(for: provider)
        if let remaining { breaker.recordRemoteOpen(remaining: remaining, at: now) } else { breaker.recordRemoteClose() }
        breakers[provider] = breaker
    }

    /// Every provider's breaker at `now`, sorted by provider name, for `/status`.
    public func status(at now: ContinuousClock.Instant) -> [BreakerStatus] {
        breakers.keys.sorted().map { provider in
            let breaker = breaker(for: provider)
            var retryAfterMs: Int?
            if case .open(let until) = breaker.state, now < until {
                let remaining = now.duration(to: until).components
                retryAfterMs = Int(remaining.seconds) * 1000 + Int((remaining.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            }
            return BreakerStatus(
                provider: provider, phase: breaker.phase(at: now),
                consecutiveFailures: breaker.consecutiveFailures, retryAfterMs: retryAfterMs
            )
        }
    }
}
