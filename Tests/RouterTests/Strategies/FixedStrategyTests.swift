import Router
import Testing

@Suite struct FixedStrategyTests {
    @Test(arguments: [("qwen-plus", "qwen-plus", Tier.medium), ("fast", "gpt-4o-mini", .simple), ("smart", "gpt-4o", .complex)])
    func routesEverythingToTheConfiguredModelOrAlias(row: (configured: String, model: String, tier: Tier)) {
        let (configured, model, tier) = row
        let strategy = FixedStrategy(params: ["model": .text(configured)])
        for complexity in [0.0, 0.9] {
            let choice = strategy.decide(
                features: StrategyFixtures.features(tokens: 5_000, complexity: complexity),
                catalog: StrategyFixtures.catalog, latencySnapshot: [:])
            #expect(choice.model == model)
            #expect(choice.tier == tier)
            #expect(choice.reason == "fixed model \(configured) → \(model)")
        }
    }
}
