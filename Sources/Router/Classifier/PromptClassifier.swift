/// Classifies a prompt into a task type and the complexity dimensions routing decisions use.
///
/// The built-in implementation is ``LexicalPromptClassifier``; a service that runs a trained
/// model (such as NVIDIA's prompt-task-and-complexity-classifier) can conform instead.
public protocol PromptClassifier: Sendable {
    /// The task type, dimensions and signals of `prompt`.
    func classify(_ prompt: PromptInput) -> PromptClassification
}
