import DomainEvents
import Router
import Testing

@Suite struct ThresholdStrategyTests {
    @Test(arguments: [(0.49, "gpt-4o-mini"), (0.5, "gpt-4o"), (0.51, "gpt-4o")])
    func complexityScoreAtOrAboveThresholdGoesToTheStrongModel(score: Double, model: String) {
        let choice = ThresholdStrategy(scorer: .complexity, threshold: 0.5).decide(
            features: StrategyFixtures.features(complexity: score), catalog: StrategyFixtures.catalog,
            latencySnapshot: [:])
        #expect(choice.model == model)
    }

    @Test func reasonAndCandidatesShowScoreAndBothModels() {
        let choice = ThresholdStrategy(scorer: .complexity, threshold: 0.35).decide(
            features: StrategyFixtures.features(complexity: 0.2), catalog: StrategyFixtures.catalog,
            latencySnapshot: [:])
        #expect(choice.reason == "router-complexity-0.35: complexity score 0.20 < 0.35 → weak → gpt-4o-mini")
        #expect(choice.tier == .simple)
        #expect(choice.candidates == [
            CandidateScore(model: "gpt-4o", score: 0.2), CandidateScore(model: "gpt-4o-mini", score: 0.2),
        ])
    }

    @Test func thresholdWithMoreThanTwoDecimalsIsWrittenInFull() {
        let choice = ThresholdStrategy(scorer: .complexity, threshold: 0.355).decide(
            features: StrategyFixtures.features(complexity: 0.351), catalog: StrategyFixtures.catalog,
            latencySnapshot: [:])
        #expect(choice.reason == "router-complexity-0.355: complexity score 0.351 < 0.355 → weak → gpt-4o-mini")
    }

    @Test func fingerprintIsPinnedSoRandomScoresStayTheSameAcrossReleases() {
        let messages = [
            ChatMessage(role: "system", content: "You are terse."),
            ChatMessage(role: "user", content: "Hello, 世界! 👋"),
        ]
        #expect(RoutingFeatures.fingerprint(of: messages) == 0x5481_3d54_2add_65f6)  // computed independently in Python from the documented algorithm
        #expect(RoutingFeatures.fingerprint(of: []) == 0xcbf2_9ce4_8422_2325)
    }

    @Test(arguments: [(0, 0.0), (500, 0.25), (1_000, 0.5), (2_000, 1.0), (9_000, 1.0)])
    func tokenLengthScoreIsNormalisedByMaxTokens(tokens: Int, score: Double) {
        let strategy = ThresholdStrategy(scorer: .tokenLength, threshold: 0.5)
        #expect(strategy.score(StrategyFixtures.features(tokens: tokens)) == score)
    }

    @Test func tokenLengthAtExactlyTheThresholdIsStrong() {
        let choice = ThresholdStrategy(scorer: .tokenLength, threshold: 0.5).decide(
            features: StrategyFixtures.features(tokens: 1_000), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(choice.model == "gpt-4o")
    }

    @Test func configuredStrongAndWeakModelsAndAliasesAreUsed() {
        let strategy = ThresholdStrategy(params: [
            "scorer": .text("complexity"), "threshold": .number(0.5),
            "strong_model": .text("qwen-max"), "weak_model": .text("fast"),
        ])
        let strong = strategy.decide(
            features: StrategyFixtures.features(complexity: 0.9), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        let weak = strategy.decide(
            features: StrategyFixtures.features(complexity: 0.1), catalog: StrategyFixtures.catalog, latencySnapshot: [:])
        #expect(strong.model == "qwen-max")
        #expect(weak.model == "gpt-4o-mini")
    }

    @Test func randomScoreIsTheSameForTheSamePrompt() {
        let messages = [ChatMessage(role: "user", content: "What is the capital of France?")]
        let strategy = ThresholdStrategy(scorer: .random, threshold: 0.5)
        let first = strategy.score(StrategyFixtures.features(fingerprint: RoutingFeatures.fingerprint(of: messages)))
        let second = strategy.score(StrategyFixtures.features(fingerprint: RoutingFeatures.fingerprint(of: messages)))
        #expect(first == second)
        #expect(RoutingFeatures.fingerprint(of: messages) != RoutingFeatures.fingerprint(of: [
            ChatMessage(role: "user", content: "What is the capital of Spain?")
        ]))
    }

    @Test func randomScoresSpreadEvenlyOverTheUnitInterval() {
        let strategy = ThresholdStrategy(scorer: .random, threshold: 0.5)
        var buckets = Array(repeating: 0, count: 10)
        for index in 0..<2_000 {
            let fingerprint = RoutingFeatures.fingerprint(of: [ChatMessage(role: "user", content: "prompt \(index)")])
            let score = strategy.score(StrategyFixtures.features(fingerprint: fingerprint))
            #expect(score >= 0 && score < 1)
            buckets[min(Int(score * 10), 9)] += 1
        }
        #expect(buckets.allSatisfy { (140...260).contains($0) }, "buckets: \(buckets)")
    }

    @Test func withReplacesScorerAndThresholdButKeepsModels() {
        let strategy = ThresholdStrategy(strongModel: "qwen-max").with(scorer: .random, threshold: 0.2)
        #expect(strategy.params == [
            "scorer": .text("random"), "threshold": .number(0.2), "max_tokens": .number(2_000),
            "strong_model": .text("qwen-max"),
        ])
    }
}
