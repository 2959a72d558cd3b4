import DomainEvents

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

    /// The index of the configured model in `catalog`; nil when none is configured or the catalog
    /// has no such model.
    private func configuredIndex(in catalog: ModelCatalog) -> Int? {
        model.flatMap(catalog.index(named:))
    }

    public func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute {
        configuredIndex(in: catalog).map { StrategyRoute(catalog.models[$0]) } ?? StrategyRoute(firstOf: .simple, in: catalog)
    }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let route = route(features: features, catalog: catalog, latencySnapshot: latencySnapshot)
        let reason = if let model, configuredIndex(in: catalog) != nil {
            "fixed model \(model) → \(route.model)"
        } else {
            "fixed model not configured → simple → \(route.model)"
        }
        return StrategyChoice(
            model: route.model, tier: route.tier, candidates: [CandidateScore(model: route.model, score: 1)], reason: reason)
    }
}
