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

    /// A successful attempt and what came before it.
    struct Success<Value: Sendable>: Sendable {
        var value: Value
        var model: ModelDefinition
        var provider: ProviderDefinition
        var attempt: Int
        var failures: [FailedAttempt]
    }

    /// Every attempt failed, or one failed for a reason another attempt cannot fix.
    struct Exhausted: Error, Sendable {
        var failures: [FailedAttempt]
        /// The failure the client is told about: the last one.
        var last: UpstreamFailure?
    }

    let catalog: ModelCatalog
    let planner: FailoverPlanner
    let providers: [String: any UpstreamProvider]
    let breakers: BreakerBoard

    /// Tries `model`'s plan with `perform` until an attempt succeeds.
    func run<Value: Sendable>(
        model: String,
        makeCall: (ModelDefinition, ProviderDefinition, Int) -> UpstreamCall,
        perform: (any UpstreamProvider, UpstreamCall) async throws -> Value
    ) async throws(Exhausted) -> Success<Value> {
        var failures: [FailedAttempt] = []
        var attemptNumber = 0
        var lastFailure: UpstreamFailure?
        /// Providers whose breaker refused an attempt: their later attempts are skipped without backoff.
        var refused: Set<String> = []
        let plan = planner.plan(for: model, breakers: breakers.snapshot(), at: breakers.now())
        for planned in plan.attempts {
            guard !refused.contains(planned.provider),
                let definition = catalog.model(named: planned.model),
                let provider = catalog.provider(named: planned.provider),
                let upstream = providers[planned.provider]
            else { continue }
            if planned.delayMs > 0 { try? await Task.sleep(for: .milliseconds(planned.delayMs)) }
            guard breakers.acquire(provider.name) else {
                refused.insert(provider.name)
                continue
            }
            attemptNumber += 1
            let call = makeCall(definition, provider, attemptNumber)
            let started = ContinuousClock.now
            do {
                let value = try await perform(upstream, call)
                breakers.recordSuccess(provider.name)
                return Success(value: value, model: definition, provider: provider, attempt: attemptNumber, failures: failures)
            } catch {
                let failure = UpstreamHTTP.failure(error)
                failures.append(FailedAttempt(
                    model: definition.name, provider: provider.name, attempt: attemptNumber, failure: failure,
                    latencyMilliseconds: (ContinuousClock.now - started).milliseconds))
                lastFailure = failure
                guard failure.isRetryable else {
                    // The provider answered; the request was at fault.
                    breakers.recordSuccess(provider.name)
                    throw Exhausted(failures: failures, last: failure)
                }
                breakers.recordFailure(provider.name, errorClass: failure.errorClass)
            }
        }
        throw Exhausted(failures: failures, last: lastFailure)
    }
}

extension Duration {
    /// The duration in milliseconds, with fractions.
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1_000 + Double(parts.attoseconds) / 1e15
    }
}
