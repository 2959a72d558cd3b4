import Router
import Synchronization

/// The circuit breakers of every provider, shared by all requests.
final class BreakerBoard: Sendable {
    private let breakers: Mutex<ProviderBreakers>
    /// Failed attempts per provider and error class since start, for `/status` and the console.
    private let errorCounts: Mutex<[String: [String: Int]]>
    /// The time breakers are judged by: the continuous clock, or a test's own.
    let now: @Sendable () -> ContinuousClock.Instant

    init(providers: [String], settings: BreakerSettings, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        breakers = Mutex(ProviderBreakers(providers: providers, settings: settings))
        errorCounts = Mutex([:])
        self.now = now
    }

    /// The breakers as they are now, for planning attempts.
    func snapshot() -> ProviderBreakers {
        breakers.withLock { $0 }
    }

    /// Whether `provider` may be called now (an open breaker lets one probe through after its cooldown).
    func acquire(_ provider: String) -> Bool {
        let now = now()
        return breakers.withLock { $0.acquire(provider, at: now) }
    }

    func recordSuccess(_ provider: String) {
        breakers.withLock { $0.recordSuccess(provider) }
    }

    /// A retryable failure of `provider`, counted under `errorClass` (`timeout`, `connection`,
    /// `status 503`, `malformed`).
    func recordFailure(_ provider: String, errorClass: String) {
        let now = now()
        breakers.withLock { $0.recordFailure(provider, at: now) }
        errorCounts.withLock { $0[provider, default: [:]][errorClass, default: 0] += 1 }
    }

    /// Every provider's breaker now.
    func status() -> [BreakerStatus] {
        let now = now()
        return breakers.withLock { $0.status(at: now) }
    }

    /// Failed attempts of `provider` since start.
    func errorCount(_ provider: String) -> Int {
        errorCounts.withLock { $0[provider, default: [:]].values.reduce(0, +) }
    }

    /// Failed attempts of `provider` since start, by error class.
    func errorsByClass(_ provider: String) -> [String: Int] {
        errorCounts.withLock { $0[provider, default: [:]] }
    }
}
