/// Receives the features of a prompt as they are read: a 64-bit key and a value each.
///
/// The classifier accumulates them straight into its outputs (``ClassifierModel/Accumulator``);
/// training collects them (``PromptFeatureVector``). One extraction serves both, so what a
/// model was trained on is exactly what it is given.
public protocol FeatureSink {
    /// Adds `value` to the feature `key` (a key may come more than once; values add up).
    mutating func add(_ key: UInt64, _ value: Float)
}

/// The features of one prompt, in the order they were read.
public struct PromptFeatureVector: FeatureSink, Sendable {
    public var keys: [UInt64] = []
    public var values: [Float] = []

    public init() {}

    public mutating func add(_ key: UInt64, _ value: Float) {
        keys.append(key)
        values.append(value)
    }
}
