/// Task-type accuracy over one group of records: a language or a kind of context.
public struct GroupAccuracy: Encodable, Sendable, Equatable {
    /// The group: a language code, or `plain`, `system_message`, `multi_turn`, `with_context`.
    public var name: String
    /// Records in the group.
    public var total: Int
    /// Records whose task type was predicted right.
    public var correct: Int
    /// `correct / total`, rounded to 4 decimals; nil for an empty group (left out of the JSON).
    public var accuracy: Double?

    /// The accuracy of `correct` right out of `total`.
    public init(name: String, total: Int, correct: Int) {
        self.name = name
        self.total = total
        self.correct = correct
        accuracy = RoutingEvaluation.fraction(correct, of: total)
    }

    /// The accuracy over `outcomes`, named `name`.
    init(name: String, outcomes: some Sequence<EvaluationOutcome>) {
        var total = 0
        var correct = 0
        for outcome in outcomes {
            total += 1
            if outcome.taskTypeIsRight { correct += 1 }
        }
        self.init(name: name, total: total, correct: correct)
    }
}
