/// Classifies a prompt into a task type and the complexity dimensions routing decisions use.
///
/// The built-in implementation is ``LearnedPromptClassifier`` (``LexicalPromptClassifier`` is
/// the first one, kept for comparison); a service that runs another model (such as NVIDIA's
/// prompt-task-and-complexity-classifier) can conform instead.
public protocol PromptClassifier: Sendable {
    /// A name that changes whenever what the classifier computes changes (recorded with each
    /// decision's features, so a decision says which classifier derived them).
    var version: String { get }

    /// The task type, dimensions and signals of `prompt`.
    func classify(_ prompt: PromptInput) -> PromptClassification
}
