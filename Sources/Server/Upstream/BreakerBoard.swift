import DomainEvents
import Foundation
import Ledger
import Router
import Synchronization

/// The circuit breakers of every provider, shared by all requests and the health probes. Every
/// move of a breaker is handed to `onChange` (which records it in the ledger) and kept as the
/// provider's latest change.
final class BreakerBoard: Sendable {
    /// What moved a breaker: a request's attempt, or a health probe.
    enum Trigger: Sendable {
        case traffic(requestID: String)
        case probe
    }

    private let breakers: Mutex<ProviderBreakers>
    /// Failed attempts per provider and error class since start, for `/status` and the console.
    private let errorCounts: Mutex<[String: [String: Int]]>
    private let latestChanges: Mutex<[String: BreakerChange]>
    private let onChange: @Sendable (BreakerChange) -> Void
    private let cooldownMs: Int
    /// The time breakers are judged by: the continuous clock, or a test's own.
    let now: @Sendable () -> ContinuousClock.Instant

    init(
        providers: [String], settings: BreakerSettings, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        onChange: @escaping @Sendable (BreakerChange) -> Void = { _ in }
    ) {
        breakers = Mutex(ProviderBreakers(providers: providers, settings: settings))
        errorCounts = Mutex([:])
        latestChanges = Mutex([:])
        self.now = now
        self.onChange = onChange
        cooldownMs = settings.cooldownMs
    }

    /// The breakers as they are now, for planning attempts.
    func snapshot() -> ProviderBreakers {
        breakers.withLock { $0 }
    }

    /// Whether `provider` may be called now (an open breaker lets one attempt through after its
    /// cooldown, moving to half-open).
    func acquire(_ provider: String, requestID: String) -> Bool {
        let now = now()
        var allowed = false
        change(provider, .traffic(requestID: requestID)) { allowed = $0.acquire(provider, at: now) }
        return allowed
    }

    func recordSuccess(_ provider: String, requestID: String) {
        change(provider, .traffic(requestID: requestID)) { $0.recordSuccess(provider) }
    }

    /// A retryable failure of `provider`, counted under its class (`timeout`, `connection`,
    /// `status 503`, `malformed`).
    func recordFailure(_ provider: String, failure: UpstreamFailure, requestID: String) {
        let now = now()
        errorCounts.withLock { $0[provider, default: [:]][failure.errorClass, default: 0] += 1 }
        change(provider, .traffic(requestID: requestID), errorClass: failure.errorClass, message: failure.message) {
            $0.recordFailure(provider, at: now)
        }
    }

    /// A health probe's result: a failure opens the breaker, a pass closes it after its cooldown.
    func recordProbe(_ provider: String, _ result: ProbeResult) {
        let now = now()
        change(provider, .probe, errorClass: result.passed ? nil : result.status, message: result.error) {
            $0.recordProbe(provider, passed: result.passed, at: now)
        }
    }

    /// The latest move of `provider`'s breaker since start; nil when it never moved.
    func latestChange(_ provider: String) -> BreakerChange? {
        latestChanges.withLock { $0[provider] }
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

    /// Applies a move that another replica sharing the ledger recorded (a `provider.breaker_changed`
    /// this process did not append), `timestamp` being when it happened: an open whose cooldown
    /// still runs opens this breaker until the same moment; a close newer than this breaker's
    /// latest change closes it; a half-open (one replica's trial) changes nothing. Not reported to
    /// `onChange` (the move is in the ledger already), but kept as the latest change, so a request
    /// that skips the provider names that event.
    func recordRemote(_ moved: ProviderBreakerChanged, eventID: UUID, requestID: String, timestamp: Int64) {
        guard let to = BreakerPhase(rawValue: moved.to), to != .halfOpen else { return }
        var remaining: Duration?
        if to == .open {
            let leftMs = Int64(cooldownMs) - (UnixTime.nowMilliseconds() - timestamp)
            guard leftMs > 0 else { return }
            remaining = .milliseconds(leftMs)
        }
        let now = now()
        breakers.withLock { breakers in
            let before = breakers.breaker(for: moved.provider).storedPhase
            if to == .closed, before == .closed || (latestChange(moved.provider)?.timestamp ?? 0) > timestamp { return }
            breakers.recordRemote(moved.provider, opened: remaining, at: now)
            let after = breakers.breaker(for: moved.provider).storedPhase
            guard after != before else { return }
            let change = BreakerChange(
                eventID: eventID, provider: moved.provider, from: before, to: after, cause: moved.cause,
                requestID: moved.cause == .traffic ? requestID : nil, errorClass: moved.errorClass, message: moved.message,
                consecutiveFailures: moved.consecutiveFailures, timestamp: timestamp)
            latestChanges.withLock { $0[moved.provider] = change }
        }
    }

    /// Applies `update` and reports the move, if the breaker's stored phase changed. Reported under
    /// the lock, so moves reach `onChange` in the order they happened (it only queues them).
    private func change(
        _ provider: String, _ trigger: Trigger, errorClass: String? = nil, message: String? = nil,
        _ update: (inout ProviderBreakers) -> Void
    ) {
        breakers.withLock { breakers in
            let before = breakers.breaker(for: provider).storedPhase
            update(&breakers)
            let breaker = breakers.breaker(for: provider)
            guard breaker.storedPhase != before else { return }
            var requestID: String?
            if case .traffic(let id) = trigger { requestID = id }
            let moved = BreakerChange(
                eventID: UUIDv7.make(), provider: provider, from: before, to: breaker.storedPhase,
                cause: requestID == nil ? .probe : .traffic, requestID: requestID, errorClass: errorClass,
                message: message, consecutiveFailures: breaker.consecutiveFailures,
                timestamp: UnixTime.nowMilliseconds())
            latestChanges.withLock { $0[provider] = moved }
            onChange(moved)
        }
    }
}
