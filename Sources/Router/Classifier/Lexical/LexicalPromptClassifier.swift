/// The first built-in classifier (features version 1): deterministic keyword and phrase tables,
/// no trained weights. Kept so its decisions can be reproduced and compared; the gateway's
/// default is ``LearnedPromptClassifier``, which reads the same tables as part of its input.
///
/// It reads each part of the prompt once into words (``ScannedText``), looks the words up in
/// dictionaries of cue phrases (``CueIndex``), and adds up what matched:
/// - the task type is the highest-scoring one among the cues of the last user message, plus
///   structure (a code fence or dense `{};` points to code; a question with a passage to
///   closed QA, without one or after worked examples to open QA; two numbers and an operator
///   to Other); with no cue at all it is Open QA for a question and Other otherwise;
/// - each dimension starts from a base for the task type and rises with its cues, across
///   system text, earlier conversation and the last user message (``DimensionScale``);
/// - the complexity score is NVIDIA's weighting of the dimensions.
///
/// Task cues among the first ``LexicalReading/instructionWords`` words weigh 1.5 times as much.
/// Every cue that fired is listed in ``PromptClassification/signals``.
public struct LexicalPromptClassifier: PromptClassifier {
    private let cues: CueIndex

    /// The classifier with the built-in tables (``TaskCues``, ``DimensionCues``, ``DomainCues``).
    public init() {
        cues = CueIndex.builtIn
    }

    public var version: String { "lexical-1" }

    public func classify(_ prompt: PromptInput) -> PromptClassification {
        let reading = LexicalReading(prompt, cues: cues)
        return reading.classification(taskType: reading.lexicalTask)
    }
}

extension CueIndex {
    /// The index of every built-in table, built once per process.
    static let builtIn = CueIndex(TaskCues.groups + DimensionCues.groups + DomainCues.groups)
}
