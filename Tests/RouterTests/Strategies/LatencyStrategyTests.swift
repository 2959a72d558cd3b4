import DomainEvents
import Router
import Testing

@Suite struct LatencyStrategyTests {
    @Test func picksTheFastestModelOfTheTier() {
        let snapshot = ["gpt-4o": 900, "qwen-max": 420.5, "gpt-4o-mini": 10]
        let choice = LatencyStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: 0.62), catalog: StrategyFixtures.catalog,
            latencySnapshot: snapshot)
        #expect(choice.model == "qwen-max")
        #expect(choice.tier == .complex)
        #expect(choice.reason == "complexity_score 0.62 ≥ 0.55 → complex → lowest p50 420.50 ms → qwen-max")
        #expect(choice.candidates == [
            CandidateScore(model: "gpt-4o", score: 900), CandidateScore(model: "qwen-max", score: 420.5),
        ])
        #expect(choice.latencySnapshot == ["gpt-4o": 900, "qwen-max": 420.5])
    }

    @Test func ignoresModelsOutsideTheTierAndUnknownModels() {
        let snapshot: [String: Double] = ["unknown-model": 1, "gpt-4o": 5, "qwen-plus": 300, "claude-3-5-haiku": 200]
        let choice = LatencyStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: 0.4), catalog: StrategyFixtures.catalog,
            latencySnapshot: snapshot)
        #expect(choice.model == "claude-3-5-haiku")
        #expect(choice.latencySnapshot == ["claude-3-5-haiku": 200, "qwen-plus": 300])
    }

    @Test func withoutObservedLatencyTakesTheTiersFirstModel() {
        let choice = LatencyStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: 0.1), catalog: StrategyFixtures.catalog,
            latencySnapshot: ["unknown-model": 1])
        #expect(choice.model == "gpt-4o-mini")
        #expect(choice.candidates.isEmpty)
        #expect(choice.reason == "complexity_score 0.10 < 0.35 → simple → no latency observed → gpt-4o-mini")
    }

    @Test func equalLatenciesGoToTheEarlierCatalogModel() {
        let choice = LatencyStrategy(thresholds: StrategyFixtures.firstThresholds).decide(
            features: StrategyFixtures.features(complexity: 0.1), catalog: StrategyFixtures.catalog,
            latencySnapshot: ["qwen-turbo": 50, "gpt-4o-mini": 50])
        #expect(choice.model == "gpt-4o-mini")
    }
}
