/// A scorer of the `router-<scorer>-<threshold>` family: it gives each prompt a strong-model
/// score in [0, 1] (RouteLLM's convention).
public enum ThresholdScorer: String, CaseIterable, Codable, Sendable {
    /// The built-in classifier's complexity score.
    case complexity
    /// Prompt length in tokens, scaled into [0, 1].
    case tokenLength = "token-length"
    /// A uniformly random score: a baseline that ignores the prompt.
    case random
}
