import DomainEvents

/// `complexity`: the classifier's complexity score, cut into tiers (defaults: medium ≥ 0.21,
/// complex ≥ 0.7, ``TierThresholds/builtIn``).
///
/// Parameters `medium_threshold` and `complex_threshold`. The tier's first catalog model is chosen.
public struct ComplexityStrategy: RoutingStrategy {
    public let name = "complexity"
    public let version = 1
    /// The score cut points.
    public let thresholds: TierThresholds

    /// A strategy with explicit cut points.
    public init(thresholds: TierThresholds = .builtIn) {
        self.thresholds = thresholds
    }

    /// A strategy from configured parameters; missing ones keep their defaults.
    public init(params: [String: StrategyParameter]) {
        self.init(thresholds: TierThresholds(
            medium: params["medium_threshold"]?.number ?? TierThresholds.builtIn.medium,
            complex: params["complex_threshold"]?.number ?? TierThresholds.builtIn.complex
        ))
    }

    public var params: [String: StrategyParameter] {
        ["medium_threshold": .number(thresholds.medium), "complex_threshold": .number(thresholds.complex)]
    }

    public var inputs: StrategyInputs { .complexityScore }

    public func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute {
        thresholds.route(features.classification.complexityScore, in: catalog)
    }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let score = features.classification.complexityScore
        let route = route(features: features, catalog: catalog, latencySnapshot: latencySnapshot)
        let comparison = thresholds.comparison(score, format: ReasonFormat.decimals)
        return StrategyChoice(
            model: route.model, tier: route.tier,
            candidates: catalog.models(in: route.tier).map { CandidateScore(model: $0.name, score: score) },
            reason: "complexity_score \(comparison) → \(route.tier.rawValue) → \(route.model)"
        )
    }
}
