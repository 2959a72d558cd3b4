import Router
import Testing

@Suite struct CircuitBreakerTests {
    private let start = ContinuousClock.now
    private let settings = BreakerSettings(failureThreshold: 3, cooldownMs: 1_000)

    private func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        start.advanced(by: .milliseconds(milliseconds))
    }

    @Test func opensAfterThresholdConsecutiveFailures() {
        var breaker = CircuitBreaker(settings: settings)
        breaker.recordFailure(at: at(0))
        breaker.recordFailure(at: at(10))
        #expect(breaker.phase(at: at(10)) == .closed)
        #expect(breaker.consecutiveFailures == 2)
        let allowedWhileClosed = breaker.acquire(at: at(10))
        #expect(allowedWhileClosed)
        breaker.recordFailure(at: at(20))
        #expect(breaker.phase(at: at(20)) == .open)
        #expect(breaker.state == .open(until: at(1_020)))
        #expect(!breaker.allowsRequest(at: at(1_019)))
        let allowedBeforeCooldownEnds = breaker.acquire(at: at(1_019))
        #expect(!allowedBeforeCooldownEnds)
    }

    @Test func successResetsTheFailureCount() {
        var breaker = CircuitBreaker(settings: settings)
        breaker.recordFailure(at: at(0))
        breaker.recordFailure(at: at(1))
        breaker.recordSuccess()
        breaker.recordFailure(at: at(2))
        breaker.recordFailure(at: at(3))
        #expect(breaker.state == .closed(consecutiveFailures: 2))
    }

    @Test func halfOpenLetsOneProbeThroughAndSuccessCloses() {
        var breaker = CircuitBreaker(settings: settings)
        for time in 0..<3 { breaker.recordFailure(at: at(time)) }
        #expect(breaker.phase(at: at(1_002)) == .halfOpen)
        #expect(breaker.allowsRequest(at: at(1_002)))
        let probeAllowed = breaker.acquire(at: at(1_002))
        #expect(probeAllowed)
        #expect(breaker.state == .halfOpen)
        let secondProbeAllowed = breaker.acquire(at: at(1_003))
        #expect(!secondProbeAllowed)
        #expect(!breaker.allowsRequest(at: at(1_003)))
        breaker.recordSuccess()
        #expect(breaker.phase(at: at(1_004)) == .closed)
        let allowedAfterProbeSucceeded = breaker.acquire(at: at(1_004))
        #expect(allowedAfterProbeSucceeded)
    }

    @Test func failedProbeReopensForAnotherCooldown() {
        var breaker = CircuitBreaker(settings: settings)
        for time in 0..<3 { breaker.recordFailure(at: at(time)) }
        let failedProbeClaimed = breaker.acquire(at: at(1_500))
        #expect(failedProbeClaimed)
        breaker.recordFailure(at: at(1_600))
        #expect(breaker.state == .open(until: at(2_600)))
        #expect(breaker.phase(at: at(2_599)) == .open)
        #expect(breaker.phase(at: at(2_600)) == .halfOpen)
    }

    @Test func lateFailuresDoNotExtendAnOpenBreaker() {
        var breaker = CircuitBreaker(settings: settings)
        for time in 0..<3 { breaker.recordFailure(at: at(time)) }
        breaker.recordFailure(at: at(500))
        #expect(breaker.state == .open(until: at(1_002)))
    }

    @Test func statusReportsEveryProviderSortedWithTimeToProbe() {
        var breakers = ProviderBreakers(providers: ["openai", "dashscope"], settings: settings)
        for time in 0..<3 { breakers.recordFailure("openai", at: at(time)) }
        breakers.recordFailure("dashscope", at: at(5))
        #expect(breakers.status(at: at(502)) == [
            BreakerStatus(provider: "dashscope", phase: .closed, consecutiveFailures: 1, retryAfterMs: nil),
            BreakerStatus(provider: "openai", phase: .open, consecutiveFailures: 3, retryAfterMs: 500),
        ])
        #expect(breakers.status(at: at(1_002))[1].phase == .halfOpen)
        let openaiProbeAllowed = breakers.acquire("openai", at: at(1_002))
        #expect(openaiProbeAllowed)
        let openaiSecondProbeAllowed = breakers.acquire("openai", at: at(1_002))
        #expect(!openaiSecondProbeAllowed)
        breakers.recordSuccess("openai")
        #expect(breakers.status(at: at(1_003))[1] == BreakerStatus(provider: "openai", phase: .closed, consecutiveFailures: 0, retryAfterMs: nil))
    }

    @Test func aFailingProbeOpensAClosedBreakerAtOnceForAFullCooldown() {
        var breaker = CircuitBreaker(settings: settings)
        breaker.recordFailure(at: at(0))
        breaker.recordProbeFailure(at: at(5))
        #expect(breaker.state == .open(until: at(1_005)))
        // Another failing probe while open pushes the end of the cooldown, never pulls it in.
        breaker.recordProbeFailure(at: at(500))
        #expect(breaker.state == .open(until: at(1_500)))
    }

    @Test func aPassingProbeClosesAnOpenBreakerOnlyOnceItsCooldownIsOver() {
        var breaker = CircuitBreaker(settings: settings)
        for time in 0..<3 { breaker.recordFailure(at: at(time)) }
        breaker.recordProbeSuccess(at: at(999))
        #expect(breaker.phase(at: at(999)) == .open)
        breaker.recordProbeSuccess(at: at(1_002))
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        // A closed breaker's failure count is traffic's business: a probe leaves it.
        breaker.recordFailure(at: at(1_100))
        breaker.recordProbeSuccess(at: at(1_101))
        #expect(breaker.state == .closed(consecutiveFailures: 1))
    }

    @Test func aPassingProbeClosesAHalfOpenBreaker() {
        var breaker = CircuitBreaker(settings: settings)
        for time in 0..<3 { breaker.recordFailure(at: at(time)) }
        let claimed = breaker.acquire(at: at(1_010))
        #expect(claimed && breaker.storedPhase == .halfOpen)
        breaker.recordProbeSuccess(at: at(1_011))
        #expect(breaker.storedPhase == .closed)
    }
}
