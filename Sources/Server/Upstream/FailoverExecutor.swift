import Router

/// Runs a request's attempts in the order `FailoverPlanner.plan` gives (the model, its group, then
/// its fallback groups, each with retries and backoff), acquiring each provider's breaker at the
/// moment of the attempt, until one succeeds or a failure is the request's own fault.
struct FailoverExecutor: Sendable {
    /// One failed attempt, as recorded in `upstream.failed`.
    struct FailedAttempt: Sendable {
        var model: String
        var provider: String
        var attempt: Int
        var failure: UpstreamFailure
        var latencyMilliseconds: Double
    }

    /// A model of the plan not tried because its provider's breaker refused it, as recorded in
    /// `upstream.skipped`, with the breaker's latest move (why it is open).
    struct SkippedModel: Sendable {
        var model: String
        var provider: String
        /// `circuit_open`, or `circuit_half_open` while another request holds the one trial call.
        var reason: String
        var breakerChange: BreakerChange?
    }

    /// What kept the request from its first choice, in the order it happened.
    enum Setback: Sendable {
        case failed(FailedAttempt)
        case skipped(SkippedModel)
    }

    /// A successful attempt and what came before it.
    struct Success<Value: Sendable>: Sendable {
        var value: Value
        var model: ModelDefinition
        var provider: ProviderDefinition
        var attempt: Int
        var setbacks: [Setback]

        /// The failed attempts before it.
        var failures: [FailedAttempt] { setbacks.failures }
    }

    /// Every attempt failed, or one failed for a reason another attempt cannot fix.
    struct Exhausted: Error, Sendable {
        var setbacks: [Setback]
        /// The failure the client is told about: the last one.
        var last: UpstreamFailure?

        var failures: [FailedAttempt] { setbacks.failures }
    }

    let catalog: ModelCatalog
    let planner: FailoverPlanner
    let providers: [String: any UpstreamProvider]
    let breakers: BreakerBoard

    /// Tries `model`'s plan with `perform` until an attempt succeeds.
    func run<Value: Sendable>(
        model: String, requestID: String,
        makeCall: (ModelDefinition, ProviderDefinition, Int) -> UpstreamCall,
        perform: (any UpstreamProvider, UpstreamCall) async throws -> Value
    ) async throws(Exhausted) -> Success<Value> {
        var setbacks: [Setback] = []
        var attemptNumber = 0
        var lastFailure: UpstreamFailure?
        /// Models whose provider's breaker refused an attempt: their retries are skipped without backoff.
        var refused: Set<String> = []
        let now = breakers.now()
        let snapshot = breakers.snapshot()
        let plan = planner.plan(for: model, breakers: snapshot, at: now)
        for skipped in plan.skipped {
            let phase = snapshot.breaker(for: skipped.provider).phase(at: now)
            setbacks.append(.skipped(skip(skipped.model, skipped.provider, phase: phase)))
        }
        for planned in plan.attempts {
            guard !refused.contains(planned.model),
                let definition = catalog.model(named: planned.model),
                let provider = catalog.provider(named: planned.provider),
                let upstream = providers[planned.provider]
            else { continue }
            if planned.delayMs > 0 { try? await Task.sleep(for: .milliseconds(planned.delayMs)) }
            guard breakers.acquire(provider.name, requestID: requestID) else {
                refused.insert(planned.model)
                let phase = breakers.snapshot().breaker(for: provider.name).phase(at: breakers.now())
                setbacks.append(.skipped(skip(planned.model, provider.name, phase: phase)))
                continue
            }
            attemptNumber += 1
            let call = makeCall(definition, provider, attemptNumber)
            let started = ContinuousClock.now
            do {
                let value = try await perform(upstream, call)
                breakers.recordSuccess(provider.name, requestID: requestID)
                return Success(value: value, model: definition, provider: provider, attempt: attemptNumber, setbacks: setbacks)
            } catch {
                let failure = UpstreamHTTP.failure(error)
                setbacks.append(.failed(FailedAttempt(
                    model: definition.name, provider: provider.name, attempt: attemptNumber, failure: failure,
                    latencyMilliseconds: (ContinuousClock.now - started).milliseconds)))
                lastFailure = failure
                guard failure.isRetryable else {
                    // The provider answered; the request was at fault.
                    breakers.recordSuccess(provider.name, requestID: requestID)
                    throw Exhausted(setbacks: setbacks, last: failure)
                }
                breakers.recordFailure(provider.name, failure: failure, requestID: requestID)
            }
        }
        throw Exhausted(setbacks: setbacks, last: lastFailure)
    }

    private func skip(_ model: String, _ provider: String, phase: BreakerPhase) -> SkippedModel {
        SkippedModel(
            model: model, provider: provider, reason: phase == .halfOpen ? "circuit_half_open" : "circuit_open",
            breakerChange: breakers.latestChange(provider))
    }
}

extension [FailoverExecutor.Setback] {
    /// The failed attempts among the setbacks.
    var failures: [FailoverExecutor.FailedAttempt] {
        compactMap { if case .failed(let attempt) = $0 { attempt } else { nil } }
    }
}

extension Duration {
    /// The duration in milliseconds, with fractions.
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1_000 + Double(parts.attoseconds) / 1e15
    }
}
