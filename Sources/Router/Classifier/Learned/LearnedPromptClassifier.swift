import Foundation

/// The built-in classifier: a linear model trained on labelled requests (`routeledger-train`,
/// `Training/README.md`) over the features ``PromptFeatureExtractor`` reads.
///
/// - **Task type**: the most likely of the eleven (a softmax over the task outputs).
/// - **Complexity score**: the mean of the two tier heads' probabilities — that the prompt
///   needs at least a medium model and that it needs a complex one — so it spreads over [0, 1]
///   and orders prompts by the capability they need; the built-in thresholds cut it into tiers.
/// - **Dimensions**: NVIDIA's six (creativity, reasoning, contextual knowledge, domain knowledge,
///   constraints, few-shots) from the cue tables, with their published weighting still
///   available as ``PromptClassification/nvidiaScore`` and the `nvidia` threshold scorer; the
///   cues behind them are also inputs of the tier heads, beside the words and structure.
///
/// Signals list the cues that fired and the model's probabilities.
public struct LearnedPromptClassifier: PromptClassifier {
    /// The weights classified with.
    public let model: ClassifierModel
    private let extractor = PromptFeatureExtractor()

    /// The classifier with `model` (the bundled one by default).
    public init(model: ClassifierModel = .bundled) {
        self.model = model
    }

    public var version: String { model.version }

    public func classify(_ prompt: PromptInput) -> PromptClassification {
        let reading = extractor.reading(of: prompt)
        var accumulator = ClassifierModel.Accumulator(model)
        extractor.extract(reading, into: &accumulator)
        let outputs = accumulator.outputs

        var best = 0
        for index in 1..<TaskType.ordered.count where outputs[index] > outputs[best] { best = index }
        var total: Float = 0
        for index in 0..<TaskType.ordered.count { total += exp(outputs[index] - outputs[best]) }
        let mediumOrMore = Self.logistic(outputs[ClassifierModel.mediumOrMoreOutput])
        let complex = Self.logistic(outputs[ClassifierModel.complexOutput])
        let taskType = TaskType.ordered[best]
        return reading.classification(
            taskType: taskType, complexityScore: Double((mediumOrMore + complex) / 2),
            extraSignals: [
                Self.taskSignals[Self.hundredths(1 / total)],
                Self.mediumOrMoreSignals[Self.hundredths(mediumOrMore)],
                Self.complexSignals[Self.hundredths(complex)],
            ])
    }

    @inline(__always)
    static func logistic(_ value: Float) -> Float {
        1 / (1 + exp(-value))
    }

    /// `value` in [0, 1] as whole hundredths.
    @inline(__always)
    static func hundredths(_ value: Float) -> Int {
        value.isFinite ? Int((min(max(value, 0), 1) * 100).rounded()) : 0
    }

    /// The signals for each probability in hundredths (`model.task:p=0.93`), built once: a
    /// decision would otherwise format three numbers.
    static let taskSignals = signals("model.task:p=")
    static let mediumOrMoreSignals = signals("model.tier:p_medium_or_more=")
    static let complexSignals = signals("model.tier:p_complex=")

    private static func signals(_ prefix: String) -> [String] {
        (0...100).map { prefix + ($0 == 100 ? "1.00" : "0." + ($0 < 10 ? "0" : "") + String($0)) }
    }
}

extension ClassifierModel {
    /// The model shipped in the Router bundle (`Resources/prompt-classifier.rlpc`), read once.
    public static let bundled: ClassifierModel = {
        guard
            let url = Bundle.module.url(forResource: "prompt-classifier", withExtension: "rlpc", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { fatalError("the classifier model prompt-classifier.rlpc is not in the Router bundle") }
        do {
            return try ClassifierModel(serialized: Array(data))
        } catch {
            fatalError("the bundled classifier model cannot be read: \(error)")
        }
    }()
}
