/// What a classifier service (`routing.classifier.kind: http`) gave for one prompt.
public enum ServiceClassification: Sendable, Equatable {
    /// Its classification, and the classifier's name as recorded with the decision.
    case classified(PromptClassification, version: String)
    /// No usable answer (timeout, error status, another shape): the in-process classifier decides,
    /// and `reason` is recorded with the decision.
    case fellBack(reason: String)
}
