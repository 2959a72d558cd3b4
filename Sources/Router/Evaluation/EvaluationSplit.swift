/// The part of a labelled set a record belongs to: the evaluation set has dev and holdout
/// records, the classifier's training corpus (`Training/corpus`) train records.
public enum EvaluationSplit: String, CaseIterable, Sendable, Codable {
    /// Written to train the classifier on.
    case train
    /// May be looked at while tuning cue tables, weights and thresholds.
    case dev
    /// Frozen: never tuned against, only reported on.
    case holdout
}
