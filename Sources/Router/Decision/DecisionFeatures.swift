/// The features recorded in a decision, flat and snake_case like the ledger's `routing.decided` features.
public struct DecisionFeatures: Codable, Sendable, Equatable {
    public var tokenCount: Int
    public var complexityScore: Double
    public var taskType: String
    /// The tier the decision was filed under.
    public var tier: String
    public var creativity: Double
    public var reasoning: Double
    public var contextualKnowledge: Double
    public var domainKnowledge: Double
    public var constraints: Double
    public var numberOfFewShots: Int
    /// Which classifier signals fired.
    public var signals: [String]
    /// ``RoutingFeatures/promptFingerprint`` as 16 lowercase hex digits (a JSON number would lose
    /// bits past 2^53), so a decision can be replayed without the prompt text.
    public var promptFingerprint: String

    /// The recorded form of `features` for a decision in `tier`.
    public init(_ features: RoutingFeatures, tier: Tier) {
        let classification = features.classification
        tokenCount = features.tokenCount
        complexityScore = classification.complexityScore
        taskType = classification.taskType.rawValue
        self.tier = tier.rawValue
        creativity = classification.creativity
        reasoning = classification.reasoning
        contextualKnowledge = classification.contextualKnowledge
        domainKnowledge = classification.domainKnowledge
        constraints = classification.constraints
        numberOfFewShots = classification.numberOfFewShots
        signals = classification.signals
        promptFingerprint = Self.hex(features.promptFingerprint)
    }

    /// `value` as 16 lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint read back from ``promptFingerprint``; nil if it is not 16 hex digits.
    public static func fingerprint(hex: String) -> UInt64? {
        hex.utf8.count == 16 ? UInt64(hex, radix: 16) : nil
    }

    enum CodingKeys: String, CodingKey {
        case tier, creativity, reasoning, constraints, signals
        case tokenCount = "token_count"
        case complexityScore = "complexity_score"
        case taskType = "task_type"
        case contextualKnowledge = "contextual_knowledge"
        case domainKnowledge = "domain_knowledge"
        case numberOfFewShots = "number_of_few_shots"
        case promptFingerprint = "prompt_fingerprint"
    }
}
