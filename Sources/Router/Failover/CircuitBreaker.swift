/// One provider's circuit breaker: after `failureThreshold` consecutive failures the provider is
/// skipped for `cooldownMs`; then one probe is let through, whose success closes the breaker and
/// whose failure opens it again.
///
/// A value with no clock of its own: every call that depends on time takes `now`, so tests and
/// callers decide what time it is.
public struct CircuitBreaker: Equatable, Sendable {
    /// Where the breaker stands.
    public enum State: Equatable, Sendable {
        /// Requests flow; `consecutiveFailures` counts failures since the last success.
        case closed(consecutiveFailures: Int)
        /// Requests are refused until `until`.
        case open(until: ContinuousClock.Instant)
        /// The cooldown is over and a probe is in flight; other requests wait for its outcome.
        case halfOpen
    }

    /// Thresholds and cooldown.
    public let settings: BreakerSettings
    /// The stored state; an `open` state whose cooldown has passed reads as half-open in `phase(at:)`.
    public private(set) var state: State = .closed(consecutiveFailures: 0)

    /// A closed breaker.
    public init(settings: BreakerSettings) {
        self.settings = settings
    }

    /// The phase as `/status` shows it at `now`.
    public func phase(at now: ContinuousClock.Instant) -> BreakerPhase {
        switch state {
        case .closed: .closed
        case .open(let until): now < until ? .open : .halfOpen
        case .halfOpen: .halfOpen
        }
    }

    /// Whether a request may be sent at `now`, without claiming the half-open probe.
    public func allowsRequest(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: true
        case .open(let until): now >= until
        case .halfOpen: false
        }
    }

    /// Claims the right to send a request at `now`: always when closed, never while open, and for
    /// exactly one probe once the cooldown is over.
    public mutating func acquire(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        case .halfOpen:
            return false
        }
    }

    /// A request succeeded: the breaker closes and the failure count starts again.
    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    /// A request failed at `now`: counts toward the threshold, or reopens a half-open breaker.
    public mutating func recordFailure(at now: ContinuousClock.Instant) {
        let reopenUntil = now.advanced(by: .milliseconds(settings.cooldownMs))
        switch state {
        case .closed(let failures):
            let count = failures + 1
            state = count >= settings.failureThreshold ? .open(until: reopenUntil) : .closed(consecutiveFailures: count)
        case .halfOpen:
            state = .open(until: reopenUntil)
        case .open:
            break
        }
    }

    /// A health probe failed at `now`: the provider is down whatever traffic said, so the breaker
    /// opens (or stays open) for a full cooldown from now.
    public mutating func recordProbeFailure(at now: ContinuousClock.Instant) {
        var until = now.advanced(by: .milliseconds(settings.cooldownMs))
        if case .open(let current) = state, current > until { until = current }
        state = .open(until: until)
    }

    /// A health probe passed at `now`: an open breaker whose cooldown is over, or a half-open one,
    /// closes; a breaker still cooling down stays open (one good probe does not cut a cooldown
    /// short); a closed one is left as it is.
    public mutating func recordProbeSuccess(at now: ContinuousClock.Instant) {
        switch state {
        case .closed: break
        case .open(let until): if now >= until { state = .closed(consecutiveFailures: 0) }
        case .halfOpen: state = .closed(consecutiveFailures: 0)
        }
    }

    /// Another replica sharing the ledger opened its breaker of this provider, `remaining` ago
    /// short of a full cooldown (its cooldown still has `remaining` to run at `now`): this one opens
    /// until the same moment, unless it is already open at least as long.
    public mutating func recordRemoteOpen(remaining: Duration, at now: ContinuousClock.Instant) {
        let until = now.advanced(by: remaining)
        if case .open(let current) = state, current >= until { return }
        state = .open(until: until)
    }

    /// Another replica's breaker of this provider closed (its trial request or probe passed): the
    /// provider answers again, so this one closes too.
    public mutating func recordRemoteClose() {
        if case .closed = state { return }
        state = .closed(consecutiveFailures: 0)
    }

    /// The stored phase: `open` stays `open` after its cooldown until a request or probe moves it.
    public var storedPhase: BreakerPhase {
        switch state {
        case .closed: .closed
        case .open: .open
        case .halfOpen: .halfOpen
        }
    }

    /// Failures since the last success while closed; the threshold once the breaker has opened.
    public var consecutiveFailures: Int {
        if case .closed(let failures) = state { return failures }
        return settings.failureThreshold
    }
}
