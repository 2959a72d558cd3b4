/// How one task type fared: its recall over the records labelled with it and its precision over
/// the records predicted as it.
public struct TaskTypeAccuracy: Encodable, Sendable, Equatable {
    /// The class.
    public var taskType: TaskType
    /// Records labelled with the class.
    public var total: Int
    /// Records predicted as the class.
    public var predicted: Int
    /// Records labelled with the class and predicted as it.
    public var correct: Int
    /// `correct / total`, rounded to 4 decimals; nil when no record has the label.
    public var recall: Double?
    /// `correct / predicted`, rounded to 4 decimals; nil when no record was predicted as the class.
    public var precision: Double?

    /// The figures of `taskType` over `outcomes`.
    public init(_ taskType: TaskType, outcomes: [EvaluationOutcome]) {
        self.taskType = taskType
        total = outcomes.count(where: { $0.taskType == taskType })
        predicted = outcomes.count(where: { $0.predictedTaskType == taskType })
        correct = outcomes.count(where: { $0.taskType == taskType && $0.predictedTaskType == taskType })
        recall = RoutingEvaluation.fraction(correct, of: total)
        precision = RoutingEvaluation.fraction(correct, of: predicted)
    }

    enum CodingKeys: String, CodingKey {
        case total, predicted, correct, recall, precision
        case taskType = "task_type"
    }
}
