import DomainEvents

/// `token-length`: prompt tokens cut into tiers (defaults: simple < 500 ≤ medium < 2,000 ≤ complex).
///
/// Parameters `medium_tokens` and `complex_tokens`. The tier's first catalog model is chosen.
public struct TokenLengthStrategy: RoutingStrategy {
    public let name = "token-length"
    public let version = 1
    /// The token-count cut points.
    public let thresholds: TierThresholds

    /// A strategy with explicit cut points.
    public init(thresholds: TierThresholds = TierThresholds(medium: 500, complex: 2_000)) {
        self.thresholds = thresholds
    }

    /// A strategy from configured parameters; missing ones keep their defaults.
    public init(params: [String: StrategyParameter]) {
        self.init(thresholds: TierThresholds(
            medium: params["medium_tokens"]?.number ?? 500,
            complex: params["complex_tokens"]?.number ?? 2_000
        ))
    }

    public var params: [String: StrategyParameter] {
        ["medium_tokens": .number(thresholds.medium), "complex_tokens": .number(thresholds.complex)]
    }

    public var inputs: StrategyInputs { .tokenCount }

    public func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute {
        thresholds.route(Double(features.tokenCount), in: catalog)
    }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let tokens = Double(features.tokenCount)
        let route = route(features: features, catalog: catalog, latencySnapshot: latencySnapshot)
        let comparison = thresholds.comparison(tokens, format: ReasonFormat.counts)
        return StrategyChoice(
            model: route.model, tier: route.tier,
            candidates: catalog.models(in: route.tier).map { CandidateScore(model: $0.name, score: tokens) },
            reason: "token_count \(comparison) → \(route.tier.rawValue) → \(route.model)"
        )
    }
}
