import DomainEvents

/// `latency`: the tier from the complexity score (as ``ComplexityStrategy``), then the tier's model
/// with the lowest p50 latency in the snapshot passed in.
///
/// The snapshot entries for the tier's models are recorded in the choice, so a replay decides the
/// same. Models missing from the snapshot are not candidates; when none of the tier's models has a
/// latency, the tier's first catalog model is chosen. Ties go to the earlier model in catalog order.
public struct LatencyStrategy: RoutingStrategy {
    public let name = "latency"
    public let version = 1
    /// The complexity score cut points that pick the tier.
    public let thresholds: TierThresholds

    /// A strategy with explicit cut points.
    public init(thresholds: TierThresholds = .builtIn) {
        self.thresholds = thresholds
    }

    /// A strategy from configured parameters (`medium_threshold`, `complex_threshold`).
    public init(params: [String: StrategyParameter]) {
        self.init(thresholds: ComplexityStrategy(params: params).thresholds)
    }

    public var params: [String: StrategyParameter] {
        ["medium_threshold": .number(thresholds.medium), "complex_threshold": .number(thresholds.complex)]
    }

    public var inputs: StrategyInputs { [.complexityScore, .latencies] }

    /// The models of `tier` with a finite latency in `latencySnapshot`, in catalog order.
    private func timed(
        _ tier: Tier, catalog: ModelCatalog, latencySnapshot: [String: Double]
    ) -> [(model: String, latency: Double)] {
        catalog.models(in: tier).compactMap { model in
            latencySnapshot[model.name].flatMap { $0.isFinite ? (model.name, $0) : nil }
        }
    }

    /// The route within `tier`: the fastest of its `timed` models, else its first model.
    private func route(_ tier: Tier, timed: [(model: String, latency: Double)], catalog: ModelCatalog) -> StrategyRoute {
        guard let fastest = timed.min(by: { $0.latency < $1.latency }) else { return StrategyRoute(firstOf: tier, in: catalog) }
        return StrategyRoute(model: fastest.model, tier: tier)
    }

    public func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute {
        let tier = thresholds.tier(of: features.classification.complexityScore)
        return route(tier, timed: timed(tier, catalog: catalog, latencySnapshot: latencySnapshot), catalog: catalog)
    }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let score = features.classification.complexityScore
        let tier = thresholds.tier(of: score)
        let timed = timed(tier, catalog: catalog, latencySnapshot: latencySnapshot)
        let route = route(tier, timed: timed, catalog: catalog)
        let used = Dictionary(uniqueKeysWithValues: timed.map { ($0.model, $0.latency) })
        let prefix = "complexity_score \(thresholds.comparison(score, format: ReasonFormat.decimals)) → \(route.tier.rawValue)"
        guard !timed.isEmpty, let latency = latencySnapshot[route.model] else {
            return StrategyChoice(
                model: route.model, tier: route.tier, candidates: [],
                reason: "\(prefix) → no latency observed → \(route.model)", latencySnapshot: used
            )
        }
        return StrategyChoice(
            model: route.model, tier: route.tier, candidates: timed.map { CandidateScore(model: $0.model, score: $0.latency) },
            reason: "\(prefix) → lowest p50 \(ReasonFormat.decimal(latency)) ms → \(route.model)",
            latencySnapshot: used
        )
    }
}
