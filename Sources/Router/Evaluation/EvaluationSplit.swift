/// The part of the evaluation set a record belongs to.
public enum EvaluationSplit: String, CaseIterable, Sendable, Codable {
    /// May be looked at while tuning cue tables, weights and thresholds.
    case dev
    /// Frozen: never tuned against, only reported on.
    case holdout
}
