/// How well the router's task types, tiers and complexity score match a labelled evaluation set:
/// the figures `routeledger eval` reports (issue 16).
///
/// Computed from ``EvaluationOutcome``s alone; ``init(records:router:)`` routes the records first.
/// Every share and accuracy is a fraction rounded to 4 decimals, nil (left out of the JSON) when
/// there is nothing to divide by. Encodes with snake_case keys.
public struct RoutingEvaluation: Encodable, Sendable, Equatable {
    /// Records evaluated.
    public var count: Int
    /// Records whose task type was predicted right.
    public var taskTypeCorrect: Int
    /// `taskTypeCorrect / count`.
    public var taskTypeAccuracy: Double?
    /// Recall and precision of every task type, in ``TaskType/allCases`` order.
    public var perTaskType: [TaskTypeAccuracy]
    /// Task-type accuracy per language, the most frequent language first (ties by name).
    public var perLanguage: [GroupAccuracy]
    /// Task-type accuracy by context: `plain` (neither a system message nor earlier turns),
    /// `system_message`, `multi_turn`, and `with_context` (either); a record with a system
    /// message and earlier turns counts in both.
    public var perContext: [GroupAccuracy]
    /// Records routed to their labelled tier.
    public var tierCorrect: Int
    /// `tierCorrect / count`.
    public var tierAccuracy: Double?
    /// Labelled tier (rows) against routed tier (columns).
    public var tierConfusion: TierConfusion
    /// The share of records labelled complex routed to simple: the costly mistake.
    public var complexRoutedToSimple: Double?
    /// The share of records labelled simple routed to complex: the wasteful one.
    public var simpleRoutedToComplex: Double?
    /// The probability that a random complex record scores higher than a random other one (ties
    /// count half).
    public var complexAUROC: Double?
    /// The probability that a random simple record scores lower than a random other one (ties
    /// count half).
    public var simpleAUROC: Double?
    /// The thresholds that would route the most records to their labelled tier on this score.
    public var bestThresholds: ThresholdFit?

    /// The figures of `outcomes`.
    public init(outcomes: [EvaluationOutcome]) {
        count = outcomes.count
        taskTypeCorrect = outcomes.count(where: \.taskTypeIsRight)
        taskTypeAccuracy = Self.fraction(taskTypeCorrect, of: count)
        perTaskType = TaskType.allCases.map { TaskTypeAccuracy($0, outcomes: outcomes) }
        perLanguage = Dictionary(grouping: outcomes, by: \.language)
            .map { GroupAccuracy(name: $0.key, outcomes: $0.value) }
            .sorted { ($0.total, $1.name) > ($1.total, $0.name) }
        perContext = [
            GroupAccuracy(name: "plain", outcomes: outcomes.lazy.filter { !$0.hasSystemMessage && !$0.isMultiTurn }),
            GroupAccuracy(name: "system_message", outcomes: outcomes.lazy.filter(\.hasSystemMessage)),
            GroupAccuracy(name: "multi_turn", outcomes: outcomes.lazy.filter(\.isMultiTurn)),
            GroupAccuracy(name: "with_context", outcomes: outcomes.lazy.filter { $0.hasSystemMessage || $0.isMultiTurn }),
        ]
        tierConfusion = TierConfusion(outcomes: outcomes)
        tierCorrect = tierConfusion.correct
        tierAccuracy = Self.fraction(tierCorrect, of: count)
        complexRoutedToSimple = Self.fraction(
            tierConfusion.count(labelled: .complex, routed: .simple), of: tierConfusion.total(labelled: .complex))
        simpleRoutedToComplex = Self.fraction(
            tierConfusion.count(labelled: .simple, routed: .complex), of: tierConfusion.total(labelled: .simple))
        complexAUROC = ScoreSeparation.auroc(outcomes.map { ($0.score, $0.tier == .complex) }).map(Self.rounded)
        // A simple record scoring lower is a non-simple one scoring higher.
        simpleAUROC = ScoreSeparation.auroc(outcomes.map { ($0.score, $0.tier != .simple) }).map(Self.rounded)
        bestThresholds = ThresholdFit.best(outcomes)
    }

    /// The figures of routing each of `records` as the gateway routes a request with no model
    /// (`router`'s default strategy), reading the decision's task type, tier and complexity score.
    public init(records: [EvaluationRecord], router: RequestRouter) throws(ModelRequestError) {
        var outcomes: [EvaluationOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            let decision = try router.route(messages: record.messages, requestedModel: nil)
            outcomes.append(EvaluationOutcome(record: record, decision: decision))
        }
        self.init(outcomes: outcomes)
    }

    /// `part / whole` rounded to 4 decimals; nil when `whole` is 0.
    static func fraction(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : rounded(Double(part) / Double(whole))
    }

    /// `value` rounded to 4 decimals.
    static func rounded(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }

    enum CodingKeys: String, CodingKey {
        case count
        case taskTypeCorrect = "task_type_correct"
        case taskTypeAccuracy = "task_type_accuracy"
        case perTaskType = "per_task_type"
        case perLanguage = "per_language"
        case perContext = "per_context"
        case tierCorrect = "tier_correct"
        case tierAccuracy = "tier_accuracy"
        case tierConfusion = "tier_confusion"
        case complexRoutedToSimple = "complex_routed_to_simple"
        case simpleRoutedToComplex = "simple_routed_to_complex"
        case complexAUROC = "auroc_complex"
        case simpleAUROC = "auroc_simple"
        case bestThresholds = "best_thresholds"
    }
}
