/// Where creativity and reasoning start for each task type, before cues raise them: writing
/// and brainstorming are creative by nature, code and closed QA need reasoning whatever the words.
enum DimensionBase {
    static let creativity: [TaskType: Double] = [
        .textGeneration: 0.55, .brainstorming: 0.6, .rewrite: 0.3, .chatbot: 0.3, .codeGeneration: 0.15,
        .openQA: 0.1, .closedQA: 0.05, .summarization: 0.1, .classification: 0.05, .extraction: 0.05, .other: 0.1,
    ]
    static let reasoning: [TaskType: Double] = [
        .codeGeneration: 0.45, .closedQA: 0.3, .openQA: 0.25, .classification: 0.3, .extraction: 0.2,
        .summarization: 0.2, .brainstorming: 0.25, .rewrite: 0.1, .textGeneration: 0.1, .chatbot: 0.05, .other: 0.2,
    ]
}
