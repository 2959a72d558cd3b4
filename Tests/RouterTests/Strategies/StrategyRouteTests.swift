import Router
import Testing

/// `route` is what a replay decides a million requests with; `decide` is what the gateway routes
/// with. They must agree on every input, for every strategy.
@Suite struct StrategyRouteTests {
    /// Every strategy, with default and configured parameters, and the requested-model "strategy".
    static let strategies: [any RoutingStrategy] = [
        TokenLengthStrategy(), TokenLengthStrategy(thresholds: TierThresholds(medium: 100, complex: 300)),
        ComplexityStrategy(), ComplexityStrategy(thresholds: TierThresholds(medium: 0.2, complex: 0.2)),
        LatencyStrategy(),
        ThresholdStrategy(scorer: .complexity, threshold: 0.35),
        ThresholdStrategy(scorer: .tokenLength, threshold: 0.1, maxTokens: 1_000),
        ThresholdStrategy(scorer: .random, threshold: 0.5),
        ThresholdStrategy(params: ["strong_model": .text("smart"), "weak_model": .text("qwen-turbo"), "threshold": .number(0.6)]),
        ThresholdStrategy(params: ["strong_model": .text("no-such-model")]),
        FixedStrategy(model: "qwen-plus"), FixedStrategy(model: "fast"), FixedStrategy(model: "gpt-5"), FixedStrategy(model: nil),
        RequestedModelStrategy(model: "gpt-4o", requestedAs: "smart"),
        RequestedModelStrategy(model: "gone-model", requestedAs: "gone-model"),
    ]

    /// The built-in catalog, one without a complex tier, and an empty one.
    static let catalogs: [ModelCatalog] = {
        let builtIn = StrategyFixtures.catalog
        var noComplex = builtIn
        noComplex.models.removeAll { $0.tier == .complex }
        return [builtIn, noComplex, ModelCatalog(providers: builtIn.providers, models: [])]
    }()

    static let snapshots: [[String: Double]] = [
        [:], ["qwen-turbo": 120, "gpt-4o-mini": 300, "qwen-max": 80], ["gpt-4o-mini": .nan, "qwen-plus": .infinity],
        ["claude-3-5-haiku": 200, "qwen-plus": 200],
    ]

    @Test(arguments: 0..<strategies.count)
    func routeIsTheModelAndTierDecideChooses(index: Int) {
        let strategy = Self.strategies[index]
        var compared = 0
        for catalog in Self.catalogs {
            for snapshot in Self.snapshots {
                for step in 0...20 {
                    let features = StrategyFixtures.features(
                        tokens: step * 150, complexity: Double(step) / 20, fingerprint: UInt64(step) &* 0x9E37_79B9_7F4A_7C15)
                    let choice = strategy.decide(features: features, catalog: catalog, latencySnapshot: snapshot)
                    let route = strategy.route(features: features, catalog: catalog, latencySnapshot: snapshot)
                    #expect(route == StrategyRoute(model: choice.model, tier: choice.tier), "\(strategy.name) \(strategy.params)")
                    compared += 1
                }
            }
        }
        #expect(compared == Self.catalogs.count * Self.snapshots.count * 21)
    }

    @Test func routesReachEveryTierAndTheLatencyStrategyPicksTheFastest() {
        let catalog = StrategyFixtures.catalog
        let tiers = Set((0...20).map { step in
            ComplexityStrategy().route(
                features: StrategyFixtures.features(complexity: Double(step) / 20), catalog: catalog, latencySnapshot: [:]
            ).tier
        })
        #expect(tiers == Set(Tier.allCases))
        let fastest = LatencyStrategy().route(
            features: StrategyFixtures.features(complexity: 0.1), catalog: catalog, latencySnapshot: Self.snapshots[1])
        #expect(fastest == StrategyRoute(model: "qwen-turbo", tier: .simple))
    }
}
