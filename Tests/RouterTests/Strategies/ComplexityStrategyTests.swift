import Router
import Testing

@Suite struct ComplexityStrategyTests {
    /// The built-in cut points are the ones calibrated for the learned classifier's score
    /// (issue 16), for the complexity and latency strategies alike.
    @Test func theDefaultsAreTheCalibratedThresholds() {
        #expect(TierThresholds.builtIn == TierThresholds(medium: 0.21, complex: 0.7))
        #expect(ComplexityStrategy().thresholds == .builtIn)
        #expect(ComplexityStrategy(params: [:]).thresholds == .builtIn)
        #expect(LatencyStrategy().thresholds == .builtIn)
        #expect(ComplexityStrategy(params: ["medium_threshold": .number(0.2)]).thresholds == TierThresholds(medium: 0.2, complex: 0.7))
    }

    @Test(arguments: [
        (0.0, Tier.simple, "gpt-4o-mini"),
        (0.3499, .simple, "gpt-4o-mini"),
        (0.35, .medium, "claude-3-5-haiku"),
        (0.5499, .medium, "claude-3-5-haiku"),
        (0.55, .complex, "gpt-4o"),
        (1.0, .complex, "gpt-4o"),
    ])
    func thresholdsSplitScoresIntoTiers(row: (score: Double, tier: Tier, model: String)) {
        let (score, tier, model) = row
        let choice = ComplexityStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: score), catalog: StrategyFixtures.catalog,
            latencySnapshot: [:])
        #expect(choice.tier == tier)
        #expect(choice.model == model)
    }

    @Test func scoreOfClassifiedDimensionsExactlyAtThresholdIsTheHigherTier() {
        let classification = PromptClassification(
            taskType: .textGeneration, creativity: 1, reasoning: 0, contextualKnowledge: 0, domainKnowledge: 0,
            constraints: 0, numberOfFewShots: 0)
        #expect(classification.complexityScore == 0.35)
        let features = RoutingFeatures(tokenCount: 5, classification: classification)
        let choice = ComplexityStrategy(thresholds: StrategyFixtures.firstThresholds).decide(features: features, catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(choice.tier == .medium)
    }

    @Test func reasonNamesScoreThresholdTierAndModel() {
        let choice = ComplexityStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: 0.62), catalog: StrategyFixtures.catalog,
            latencySnapshot: [:])
        #expect(choice.reason == "complexity_score 0.62 ≥ 0.55 → complex → gpt-4o")
        #expect(choice.candidates.map(\.model) == ["gpt-4o", "qwen-max"])
        #expect(choice.candidates.map(\.score) == [0.62, 0.62])
    }

    @Test func configuredThresholdsAreUsedAndReported() {
        let strategy = ComplexityStrategy(params: ["medium_threshold": .number(0.2), "complex_threshold": .number(0.4)])
        #expect(strategy.params == ["medium_threshold": .number(0.2), "complex_threshold": .number(0.4)])
        let choice = strategy.decide(
            features: StrategyFixtures.features(complexity: 0.4), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(choice.reason == "complexity_score 0.40 ≥ 0.40 → complex → gpt-4o")
    }

    @Test(arguments: [
        (0.3499, "complexity_score 0.3499 < 0.3500 → simple → gpt-4o-mini"),
        (0.349, "complexity_score 0.349 < 0.350 → simple → gpt-4o-mini"),
        (0.35, "complexity_score 0.35 ≥ 0.35 → medium → claude-3-5-haiku"),
        (0.5501, "complexity_score 0.5501 ≥ 0.5500 → complex → gpt-4o"),
        (0.34, "complexity_score 0.34 < 0.35 → simple → gpt-4o-mini"),
    ])
    func reasonShowsEnoughDecimalsToTellAScoreFromTheCutBelowIt(row: (score: Double, reason: String)) {
        let choice = ComplexityStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: row.score), catalog: StrategyFixtures.catalog,
            latencySnapshot: [:])
        #expect(choice.reason == row.reason)
    }
}
