import DomainEvents

extension PromptFeatures {
    /// The recorded form of `features` for a decision filed under `tier`.
    public init(_ features: RoutingFeatures, tier: Tier) {
        let classification = features.classification
        self.init(
            tokenCount: features.tokenCount, complexityScore: classification.complexityScore,
            taskType: classification.taskType.rawValue, tier: tier.rawValue, creativity: classification.creativity,
            reasoning: classification.reasoning, contextualKnowledge: classification.contextualKnowledge,
            domainKnowledge: classification.domainKnowledge, constraints: classification.constraints,
            numberOfFewShots: classification.numberOfFewShots, signals: classification.signals,
            promptFingerprint: PromptFeatures.hex(features.promptFingerprint),
            classifier: features.classifierVersion, classifierFallback: features.classifierFallback)
    }
}
