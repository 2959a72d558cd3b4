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
    public init(thresholds: TierThresholds = TierThresholds(medium: 0.35, complex: 0.55)) {
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

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let score = features.classification.complexityScore
        let (tier, comparison) = thresholds.classify(score, format: ReasonFormat.decimals)
        let models = catalog.models(in: tier)
        let timed = models.compactMap { model in latencySnapshot[model.name].map { (model.name, $0) } }
            .filter { $0.1.isFinite }
        let used = Dictionary(uniqueKeysWithValues: timed)
        let prefix = "complexity_score \(comparison) → \(tier.rawValue)"
        guard let fastest = timed.min(by: { $0.1 < $1.1 }) else {
            let model = models.first?.name ?? ""
            return StrategyChoice(
                model: model, tier: tier, candidates: [], reason: "\(prefix) → no latency observed → \(model)",
                latencySnapshot: used
            )
        }
        return StrategyChoice(
            model: fastest.0, tier: tier, candidates: timed.map { RoutingCandidate(model: $0.0, score: $0.1) },
            reason: "\(prefix) → lowest p50 \(ReasonFormat.decimal(fastest.1)) ms → \(fastest.0)",
            latencySnapshot: used
        )
    }
}
