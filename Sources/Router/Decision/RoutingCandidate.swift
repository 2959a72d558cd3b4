/// One model a strategy considered and the score it gave it (a complexity score, a token count,
/// a strong-model score or a p50 latency in ms, depending on the strategy).
public struct RoutingCandidate: Codable, Sendable, Equatable {
    /// The catalog model name.
    public var model: String
    /// The strategy's score for it.
    public var score: Double

    /// A candidate.
    public init(model: String, score: Double) {
        self.model = model
        self.score = score
    }
}
