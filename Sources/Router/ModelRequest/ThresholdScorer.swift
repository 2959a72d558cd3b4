/// A scorer of the `router-<scorer>-<threshold>` family: it gives each prompt a strong-model
/// score in [0, 1] (RouteLLM's convention).
public enum ThresholdScorer: String, CaseIterable, Codable, Sendable {
    /// The built-in classifier's complexity score.
    case complexity
    /// NVIDIA's published weighting of the classifier's six dimensions (0.35·creativity +
    /// 0.25·reasoning + 0.15·constraints + 0.15·domain knowledge + 0.05·contextual knowledge +
    /// 0.05·few-shots), the score the first classifier routed on.
    case nvidia
    /// Prompt length in tokens, scaled into [0, 1].
    case tokenLength = "token-length"
    /// A uniformly random score: a baseline that ignores the prompt.
    case random
}
