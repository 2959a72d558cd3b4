import DomainEvents

/// The "strategy" of a request that named a catalog model or alias (SPEC section 3,
/// `user-specified`): no strategy chose, the request did. A value like the real strategies, so the
/// gateway and a replay resolve every request to a strategy the same way
/// (``RequestRouter/strategy(for:)``).
public struct RequestedModelStrategy: RoutingStrategy {
    public let name = StrategyRef.userSpecified
    public let version = 1
    /// The catalog model the request resolved to.
    public let model: String
    /// The name the client sent (the model or one of its aliases).
    public let requestedAs: String

    /// The strategy of a request for `requestedAs`, which resolved to catalog model `model`.
    public init(model: String, requestedAs: String) {
        self.model = model
        self.requestedAs = requestedAs
    }

    public var params: [String: StrategyParameter] { ["model": .text(requestedAs)] }

    public var inputs: StrategyInputs { [] }

    public func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute {
        StrategyRoute(model: model, tier: catalog.index(named: model).map { catalog.models[$0].tier } ?? .simple)
    }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let route = route(features: features, catalog: catalog, latencySnapshot: latencySnapshot)
        return StrategyChoice(
            model: route.model, tier: route.tier, candidates: [CandidateScore(model: route.model, score: 1)],
            reason: "requested model \(requestedAs) → \(route.model)"
        )
    }
}
