import DomainEvents

/// What a strategy chose and why: the model, its tier, the candidates it scored and a reason.
public struct StrategyChoice: Sendable, Equatable {
    /// The catalog name of the chosen model.
    public var model: String
    /// The tier the decision is filed under.
    public var tier: Tier
    /// The models considered, each with the score the strategy gave it.
    public var candidates: [CandidateScore]
    /// A sentence a person can read, e.g. `complexity_score 0.62 ≥ 0.55 → complex → qwen-max`.
    public var reason: String
    /// The latencies the choice was made from, when the strategy used any.
    public var latencySnapshot: [String: Double]?

    /// A choice.
    public init(
        model: String, tier: Tier, candidates: [CandidateScore], reason: String,
        latencySnapshot: [String: Double]? = nil
    ) {
        self.model = model
        self.tier = tier
        self.candidates = candidates
        self.reason = reason
        self.latencySnapshot = latencySnapshot
    }
}
