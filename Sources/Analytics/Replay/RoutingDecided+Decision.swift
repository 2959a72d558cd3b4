import Ledger
import Router

extension RoutingDecided {
    /// The `routing.decided` payload of a router's decision — what the gateway records, and what
    /// a replay reads back.
    public init(_ decision: RoutingDecision) {
        self.init(
            strategy: StrategyRef(
                name: decision.strategy.name, version: decision.strategy.version,
                params: decision.strategy.params.mapValues(\.jsonValue)),
            features: PromptFeatures(decision.features),
            candidates: decision.candidates.map { CandidateScore(model: $0.model, score: $0.score) },
            chosenModel: decision.chosenModel, tier: decision.tier.rawValue, fallbackPlan: decision.fallbackPlan,
            reason: decision.reason, routingLatencyMicroseconds: decision.routingLatencyMicroseconds,
            configHash: decision.configHash, latencySnapshot: decision.latencySnapshot)
    }
}

extension PromptFeatures {
    /// The recorded form of a decision's features.
    public init(_ features: DecisionFeatures) {
        self.init(
            tokenCount: features.tokenCount, complexityScore: features.complexityScore, taskType: features.taskType,
            tier: features.tier, creativity: features.creativity, reasoning: features.reasoning,
            contextualKnowledge: features.contextualKnowledge, domainKnowledge: features.domainKnowledge,
            constraints: features.constraints, numberOfFewShots: features.numberOfFewShots, signals: features.signals,
            promptFingerprint: features.promptFingerprint)
    }
}

extension StrategyParameter {
    /// The parameter as the ledger stores it (whole numbers as integers).
    public var jsonValue: JSONValue {
        switch self {
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? .int(Int64(value)) : .double(value)
        case .text(let value): .string(value)
        case .flag(let value): .bool(value)
        }
    }
}
