/// How the dimensions are scored: where creativity and reasoning start for each task type
/// (writing and brainstorming are creative by nature, code and closed QA need reasoning
/// whatever the words), and how much each cue adds.
enum DimensionScale {
    static let creativityBase: [TaskType: Double] = [
        .textGeneration: 0.55, .brainstorming: 0.6, .rewrite: 0.3, .chatbot: 0.3, .codeGeneration: 0.15,
        .openQA: 0.1, .closedQA: 0.05, .summarization: 0.1, .classification: 0.05, .extraction: 0.05, .other: 0.1,
    ]
    static let reasoningBase: [TaskType: Double] = [
        .codeGeneration: 0.45, .closedQA: 0.3, .openQA: 0.25, .classification: 0.3, .extraction: 0.2,
        .summarization: 0.2, .brainstorming: 0.25, .rewrite: 0.1, .textGeneration: 0.1, .chatbot: 0.05, .other: 0.2,
    ]

    static let creativityPerCue = 0.15
    static let reasoningPerCue = 0.12
    /// Two or more of `=`, `+`, `×`, `÷`, `^`, `√`.
    static let reasoningForMath = 0.15
    /// More than ``longPromptWords`` words.
    static let reasoningForLongPrompt = 0.1
    static let longPromptWords = 150

    static let contextPerCue = 0.15
    /// The last user message beyond ``passageFreeScalars`` scalars adds up to
    /// ``maxContextForPassage``, reached at 1,600 more.
    static let passageFreeScalars = 200
    static let maxContextForPassage = 0.5
    static let passageScalarsForMax = 1600.0
    /// Any earlier conversation adds this, plus up to ``maxContextForHistoryLength`` at 4,000 scalars.
    static let contextForHistory = 0.2
    static let maxContextForHistoryLength = 0.3
    static let historyScalarsForMax = 4000.0
    static let contextForSystemPrompt = 0.1

    static let constraintsPerCue = 0.15

    /// Domain knowledge with no domain term, and what each distinct term adds.
    static let domainFloor = 0.05
    static let domainPerTerm = 0.15
}
