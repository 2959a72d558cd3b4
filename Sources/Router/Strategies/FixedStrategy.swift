/// `fixed`: always the model (or alias) named by parameter `model`.
///
/// Without the parameter, or when it names no catalog model, the simple tier's first model.
public struct FixedStrategy: RoutingStrategy {
    public let name = "fixed"
    public let version = 1
    /// The configured model or alias, if any.
    public let model: String?

    /// A strategy routing everything to `model`.
    public init(model: String?) {
        self.model = model
    }

    /// A strategy from configured parameters.
    public init(params: [String: StrategyParameter]) {
        self.init(model: params["model"]?.text)
    }

    public var params: [String: StrategyParameter] {
        model.map { ["model": .text($0)] } ?? [:]
    }

    public var inputs: StrategyInputs { [] }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        if let model, let chosen = catalog.model(named: model) {
            return StrategyChoice(
                model: chosen.name, tier: chosen.tier, candidates: [RoutingCandidate(model: chosen.name, score: 1)],
                reason: "fixed model \(model) → \(chosen.name)"
            )
        }
        let fallback = catalog.models(in: .simple).first
        let name = fallback?.name ?? ""
        return StrategyChoice(
            model: name, tier: .simple, candidates: [RoutingCandidate(model: name, score: 1)],
            reason: "fixed model not configured → simple → \(name)"
        )
    }
}
