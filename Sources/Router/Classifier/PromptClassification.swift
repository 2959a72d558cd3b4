/// What a classifier found in a prompt: its task type, five dimensions in [0, 1], the number of
/// few-shot examples, the complexity score and the signals that explain them.
///
/// Every value is rounded to 4 decimals so a decision serializes the same way every time.
public struct PromptClassification: Sendable, Hashable, Codable {
    public var taskType: TaskType
    public var creativity: Double
    public var reasoning: Double
    public var contextualKnowledge: Double
    public var domainKnowledge: Double
    public var constraints: Double
    public var numberOfFewShots: Int
    /// How much capability the prompt needs, in [0, 1]: the classifier's own score (the learned
    /// classifier's ordinal tier model), or NVIDIA's weighting of the dimensions
    /// (``nvidiaScore``) when the classifier gives none.
    public var complexityScore: Double
    /// What fired, as `dimension:cue` (`task.code_generation:code_fence`, `reasoning:step_by_step`).
    public var signals: [String]

    /// Few-shot counts above this weigh as much as this in the complexity score.
    public static let fewShotSaturation = 5

    /// A classification with each dimension clamped to [0, 1] and rounded, and `complexityScore`
    /// clamped and rounded, or when nil, NVIDIA's weighting of the rounded dimensions.
    public init(
        taskType: TaskType, creativity: Double, reasoning: Double, contextualKnowledge: Double,
        domainKnowledge: Double, constraints: Double, numberOfFewShots: Int, complexityScore: Double? = nil,
        signals: [String] = []
    ) {
        self.taskType = taskType
        self.creativity = Self.unitRounded(creativity)
        self.reasoning = Self.unitRounded(reasoning)
        self.contextualKnowledge = Self.unitRounded(contextualKnowledge)
        self.domainKnowledge = Self.unitRounded(domainKnowledge)
        self.constraints = Self.unitRounded(constraints)
        self.numberOfFewShots = max(0, numberOfFewShots)
        self.signals = signals
        self.complexityScore = 0
        self.complexityScore = complexityScore.map(Self.unitRounded) ?? nvidiaScore
    }

    /// NVIDIA's published weighting of this classification's dimensions (see
    /// ``complexityScore(creativity:reasoning:constraints:domainKnowledge:contextualKnowledge:numberOfFewShots:)``).
    public var nvidiaScore: Double {
        Self.complexityScore(
            creativity: creativity, reasoning: reasoning, constraints: constraints, domainKnowledge: domainKnowledge,
            contextualKnowledge: contextualKnowledge, numberOfFewShots: numberOfFewShots)
    }

    /// NVIDIA's published weighting, rounded to 4 decimals:
    /// 0.35·creativity + 0.25·reasoning + 0.15·constraints + 0.15·domain_knowledge
    /// + 0.05·contextual_knowledge + 0.05·few_shots, where few_shots = min(n, 5) / 5.
    public static func complexityScore(
        creativity: Double, reasoning: Double, constraints: Double, domainKnowledge: Double,
        contextualKnowledge: Double, numberOfFewShots: Int
    ) -> Double {
        let fewShots = Double(min(max(numberOfFewShots, 0), fewShotSaturation)) / Double(fewShotSaturation)
        let weighted =
            0.35 * creativity + 0.25 * reasoning + 0.15 * constraints + 0.15 * domainKnowledge
            + 0.05 * contextualKnowledge + 0.05 * fewShots
        return unitRounded(weighted)
    }

    /// `value` clamped to [0, 1] and rounded to 4 decimals.
    static func unitRounded(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return (min(max(value, 0), 1) * 10_000).rounded() / 10_000
    }

    enum CodingKeys: String, CodingKey {
        case creativity, reasoning, constraints, signals
        case taskType = "task_type"
        case contextualKnowledge = "contextual_knowledge"
        case domainKnowledge = "domain_knowledge"
        case numberOfFewShots = "number_of_few_shots"
        case complexityScore = "complexity_score"
    }
}
