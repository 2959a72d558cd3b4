import Router
import Testing

@Suite struct FailoverPlannerTests {
    private static let yaml = """
        providers:
          - {name: openai, kind: openai, base_url: 'https://api.openai.com/v1', priority: 2}
          - {name: azure, kind: openai, base_url: 'https://example.azure.com', priority: 1}
          - {name: sim, kind: simulated, priority: 5}
        models:
          - {name: mini, provider: openai, tier: simple, input_price_per_1k: 0.1, output_price_per_1k: 0.1}
          - {name: mid, provider: openai, tier: medium, input_price_per_1k: 0.2, output_price_per_1k: 0.2}
          - {name: mid-sim, provider: sim, tier: medium, input_price_per_1k: 0, output_price_per_1k: 0}
          - {name: gpt-4o, provider: openai, tier: complex, group: quality, input_price_per_1k: 1, output_price_per_1k: 1}
          - {name: sim-large, provider: sim, tier: complex, group: quality, input_price_per_1k: 0, output_price_per_1k: 0}
          - {name: gpt-4o-azure, provider: azure, tier: complex, group: quality, input_price_per_1k: 1, output_price_per_1k: 1}
        aliases: {smart: gpt-4o}
        fallbacks: {quality: [medium, simple], medium: [simple]}
        routing:
          breaker: {failure_threshold: 1, cooldown_ms: 1000}
          retries: {count: 1, backoff_ms: 100}
        """

    private let config: RouteledgerConfig
    private let planner: FailoverPlanner
    private let now = ContinuousClock.now

    init() throws {
        config = try RouteledgerConfig.parse(yaml: Self.yaml)
        planner = FailoverPlanner(catalog: config.catalog, retries: config.routing.retries)
    }

    private var closedBreakers: ProviderBreakers {
        ProviderBreakers(providers: config.catalog.providers.map(\.name), settings: config.routing.breaker)
    }

    @Test func chosenModelFirstThenItsGroupByProviderPriorityThenFallbackGroups() {
        #expect(planner.candidates(for: "gpt-4o").map(\.name) == ["gpt-4o", "gpt-4o-azure", "sim-large", "mid", "mid-sim", "mini"])
        #expect(planner.candidates(for: "smart").map(\.name) == planner.candidates(for: "gpt-4o").map(\.name))
        #expect(planner.candidates(for: "mid-sim").map(\.name) == ["mid-sim", "mid", "mini"])
        #expect(planner.candidates(for: "mini").map(\.name) == ["mini"])
        #expect(planner.candidates(for: "gpt-5").isEmpty)
    }

    @Test func everyModelGetsItsRetriesWithBackoff() {
        let plan = planner.plan(for: "mid", breakers: closedBreakers, at: now)
        #expect(plan.attempts == [
            .init(number: 1, model: "mid", provider: "openai", retry: 0, delayMs: 0),
            .init(number: 2, model: "mid", provider: "openai", retry: 1, delayMs: 100),
            .init(number: 3, model: "mid-sim", provider: "sim", retry: 0, delayMs: 0),
            .init(number: 4, model: "mid-sim", provider: "sim", retry: 1, delayMs: 100),
            .init(number: 5, model: "mini", provider: "openai", retry: 0, delayMs: 0),
            .init(number: 6, model: "mini", provider: "openai", retry: 1, delayMs: 100),
        ])
        #expect(plan.skipped.isEmpty)
        #expect(plan.models == ["mid", "mid-sim", "mini"])
    }

    @Test func modelsOfAnOpenProviderAreSkippedUntilItsCooldownEnds() {
        var breakers = closedBreakers
        breakers.recordFailure("openai", at: now)
        let plan = planner.plan(for: "gpt-4o", breakers: breakers, at: now.advanced(by: .milliseconds(999)))
        #expect(plan.models == ["gpt-4o-azure", "sim-large", "mid-sim"])
        #expect(plan.skipped == [
            .init(model: "gpt-4o", provider: "openai", reason: "circuit open"),
            .init(model: "mid", provider: "openai", reason: "circuit open"),
            .init(model: "mini", provider: "openai", reason: "circuit open"),
        ])
        let afterCooldown = planner.plan(for: "gpt-4o", breakers: breakers, at: now.advanced(by: .milliseconds(1_000)))
        #expect(afterCooldown.models.first == "gpt-4o")
        #expect(afterCooldown.skipped.isEmpty)
    }

    @Test func noRetriesMeansOneAttemptPerModel() {
        let planner = FailoverPlanner(catalog: config.catalog, retries: RetryPolicy(count: 0, backoffMs: 100))
        let plan = planner.plan(for: "mini", breakers: closedBreakers, at: now)
        #expect(plan.attempts == [.init(number: 1, model: "mini", provider: "openai", retry: 0, delayMs: 0)])
    }
}
