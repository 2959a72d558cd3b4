/// A routing decision with everything needed to explain and replay it; its JSON keys match the
/// ledger's `routing.decided` payload.
public struct RoutingDecision: Codable, Sendable, Equatable {
    /// The strategy that decided (name, version, parameters).
    public var strategy: StrategyReference
    /// The prompt features it decided from.
    public var features: DecisionFeatures
    /// The models considered, with their scores.
    public var candidates: [RoutingCandidate]
    /// The model to call first.
    public var chosenModel: String
    /// The tier the decision is filed under.
    public var tier: Tier
    /// The models tried next, in order, if the chosen one fails (``FailoverPlanner/candidates(for:)``).
    public var fallbackPlan: [String]
    /// A sentence a person can read, e.g. `complexity_score 0.62 ≥ 0.55 → complex → qwen-max`.
    public var reason: String
    /// The hash of the catalog and routing configuration in force.
    public var configHash: String
    /// How long routing took; set by the caller (0 until then) so the decision itself stays deterministic.
    public var routingLatencyMicroseconds: Int
    /// The latencies (model → p50 ms) a latency-based decision was made from; nil for other strategies.
    public var latencySnapshot: [String: Double]?

    /// A decision.
    public init(
        strategy: StrategyReference, features: DecisionFeatures, candidates: [RoutingCandidate], chosenModel: String,
        tier: Tier, fallbackPlan: [String], reason: String, configHash: String, routingLatencyMicroseconds: Int = 0,
        latencySnapshot: [String: Double]? = nil
    ) {
        self.strategy = strategy
        self.features = features
        self.candidates = candidates
        self.chosenModel = chosenModel
        self.tier = tier
        self.fallbackPlan = fallbackPlan
        self.reason = reason
        self.configHash = configHash
        self.routingLatencyMicroseconds = routingLatencyMicroseconds
        self.latencySnapshot = latencySnapshot
    }

    enum CodingKeys: String, CodingKey {
        case strategy, features, candidates, tier, reason
        case chosenModel = "chosen_model"
        case fallbackPlan = "fallback_plan"
        case configHash = "config_hash"
        case routingLatencyMicroseconds = "routing_latency_us"
        case latencySnapshot = "latency_snapshot"
    }
}
