import DomainEvents
import Router
import Testing

@Suite struct TokenLengthStrategyTests {
    @Test(arguments: [
        (0, Tier.simple, "gpt-4o-mini"),
        (499, .simple, "gpt-4o-mini"),
        (500, .medium, "claude-3-5-haiku"),
        (1_999, .medium, "claude-3-5-haiku"),
        (2_000, .complex, "gpt-4o"),
        (50_000, .complex, "gpt-4o"),
    ])
    func defaultThresholdsSplitTokensIntoTiers(row: (tokens: Int, tier: Tier, model: String)) {
        let (tokens, tier, model) = row
        let choice = TokenLengthStrategy().decide(
            features: StrategyFixtures.features(tokens: tokens), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(choice.tier == tier)
        #expect(choice.model == model)
    }

    @Test func reasonNamesTheComparisonTierAndModel() {
        let choice = TokenLengthStrategy().decide(
            features: StrategyFixtures.features(tokens: 812), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(choice.reason == "token_count 812 ≥ 500 → medium → claude-3-5-haiku")
        #expect(choice.candidates == [
            CandidateScore(model: "claude-3-5-haiku", score: 812), CandidateScore(model: "qwen-plus", score: 812),
        ])
        let short = TokenLengthStrategy().decide(
            features: StrategyFixtures.features(tokens: 12), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(short.reason == "token_count 12 < 500 → simple → gpt-4o-mini")
    }

    @Test(arguments: [(99, Tier.simple), (100, .medium), (299, .medium), (300, .complex)])
    func configuredThresholdsReplaceTheDefaults(tokens: Int, tier: Tier) {
        let strategy = TokenLengthStrategy(params: ["medium_tokens": .number(100), "complex_tokens": .number(300)])
        #expect(strategy.params == ["medium_tokens": .number(100), "complex_tokens": .number(300)])
        let choice = strategy.decide(
            features: StrategyFixtures.features(tokens: tokens), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(choice.tier == tier)
    }
}
