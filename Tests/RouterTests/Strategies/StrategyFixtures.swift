import Router

/// Features and the catalog the strategy tests route with.
enum StrategyFixtures {
    /// The cut points these tests were written against (the defaults before issue 16 calibrated
    /// new ones): they test where a score falls, not what the defaults are.
    static let firstThresholds = TierThresholds(medium: 0.35, complex: 0.55)

    /// The built-in catalog: simple gpt-4o-mini, qwen-turbo; medium claude-3-5-haiku, qwen-plus;
    /// complex gpt-4o, qwen-max.
    static let catalog = RouteledgerConfig.builtIn.catalog

    /// Features with the given token count, complexity score and fingerprint.
    static func features(tokens: Int = 10, complexity: Double = 0, fingerprint: UInt64 = 0) -> RoutingFeatures {
        var classification = PromptClassification(
            taskType: .openQA, creativity: 0, reasoning: 0, contextualKnowledge: 0, domainKnowledge: 0,
            constraints: 0, numberOfFewShots: 0)
        classification.complexityScore = complexity
        return RoutingFeatures(tokenCount: tokens, classification: classification, promptFingerprint: fingerprint)
    }
}
