import DomainEvents

/// One evaluated record: its labels, the context it came with, and what the router made of it.
///
/// ``RoutingEvaluation`` is computed from outcomes alone, so its figures can be checked on
/// hand-made outcomes without a router.
public struct EvaluationOutcome: Sendable, Equatable {
    /// The record's id.
    public var id: String
    /// The language of the last user turn.
    public var language: String
    /// Whether a system message came with the request.
    public var hasSystemMessage: Bool
    /// Whether the request continued a conversation.
    public var isMultiTurn: Bool
    /// The labelled task type.
    public var taskType: TaskType
    /// The labelled tier.
    public var tier: Tier
    /// The classifier's task type.
    public var predictedTaskType: TaskType
    /// The tier the request was routed to.
    public var predictedTier: Tier
    /// The complexity score the request was given.
    public var score: Double

    /// An outcome from its parts.
    public init(
        id: String, language: String, hasSystemMessage: Bool = false, isMultiTurn: Bool = false,
        taskType: TaskType, tier: Tier, predictedTaskType: TaskType, predictedTier: Tier, score: Double
    ) {
        self.id = id
        self.language = language
        self.hasSystemMessage = hasSystemMessage
        self.isMultiTurn = isMultiTurn
        self.taskType = taskType
        self.tier = tier
        self.predictedTaskType = predictedTaskType
        self.predictedTier = predictedTier
        self.score = score
    }

    /// The outcome of routing `record` to `decision`: the decision's recorded task type, tier and
    /// complexity score. A decision records them from a ``TaskType`` and a ``Tier``, so their names
    /// always parse; `.other` and `.simple` would stand for a name that did not.
    public init(record: EvaluationRecord, decision: RoutingDecided) {
        self.init(
            id: record.id, language: record.language, hasSystemMessage: record.hasSystemMessage,
            isMultiTurn: record.isMultiTurn, taskType: record.taskType, tier: record.tier,
            predictedTaskType: TaskType(rawValue: decision.features.taskType) ?? .other,
            predictedTier: Tier(rawValue: decision.tier) ?? .simple, score: decision.features.complexityScore)
    }

    /// Whether the task type was predicted right.
    public var taskTypeIsRight: Bool { predictedTaskType == taskType }
}
