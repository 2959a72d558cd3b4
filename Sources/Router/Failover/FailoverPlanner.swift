/// Builds the attempt plan for a chosen model: the model itself, then the other models of its
/// group (best provider priority first), then the models of each fallback group in the order the
/// configuration lists them; each with its retries and backoff.
///
/// Fallbacks are not followed transitively: with `complex: [medium]` and `medium: [simple]`, a
/// complex model's plan ends with the medium group. Models whose provider's breaker is open are
/// skipped and listed in `AttemptPlan.skipped`.
public struct FailoverPlanner: Sendable {
    /// Models, providers and fallback groups.
    public let catalog: ModelCatalog
    /// Retries and backoff per model.
    public let retries: RetryPolicy

    /// A planner for `catalog`.
    public init(catalog: ModelCatalog, retries: RetryPolicy) {
        self.catalog = catalog
        self.retries = retries
    }

    /// The models to try for `model` (a catalog name or alias), in order, ignoring breakers;
    /// empty when the model is unknown.
    public func candidates(for model: String) -> [ModelDefinition] {
        guard let chosen = catalog.model(named: model) else { return [] }
        var seen: Set<String> = []
        let groups = [chosen.group] + (catalog.fallbacks[chosen.group] ?? [])
        let ordered = [chosen] + groups.flatMap { catalog.models(inGroup: $0) }
        return ordered.filter { seen.insert($0.name).inserted }
    }

    /// The attempt plan for `model` given the breakers at `now`.
    public func plan(for model: String, breakers: ProviderBreakers, at now: ContinuousClock.Instant) -> AttemptPlan {
        var attempts: [AttemptPlan.Attempt] = []
        var skipped: [AttemptPlan.Skipped] = []
        for candidate in candidates(for: model) {
            guard breakers.allowsRequest(to: candidate.provider, at: now) else {
                skipped.append(.init(model: candidate.name, provider: candidate.provider, reason: "circuit open"))
                continue
            }
            for retry in 0...max(0, retries.count) {
                attempts.append(.init(
                    number: attempts.count + 1, model: candidate.name, provider: candidate.provider,
                    retry: retry, delayMs: retries.delayMs(beforeRetry: retry)
                ))
            }
        }
        return AttemptPlan(attempts: attempts, skipped: skipped)
    }
}
