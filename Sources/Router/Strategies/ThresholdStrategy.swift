import DomainEvents

/// `threshold`: RouteLLM's `router-<scorer>-<threshold>` family — a strong-model score in [0, 1];
/// score ≥ threshold → strong model, else weak model.
///
/// Parameters: `scorer` (default `complexity`), `threshold` (default 0.5), `strong_model` (default
/// the complex tier's first model), `weak_model` (default the simple tier's first model) and
/// `max_tokens` (the token count the `token-length` scorer maps to 1; default 2,000).
public struct ThresholdStrategy: RoutingStrategy {
    public let name = "threshold"
    public let version = 1
    /// How a prompt is scored.
    public let scorer: ThresholdScorer
    /// The lowest score routed to the strong model.
    public let threshold: Double
    /// The strong model or alias, if configured.
    public let strongModel: String?
    /// The weak model or alias, if configured.
    public let weakModel: String?
    /// The prompt length the `token-length` scorer maps to 1.
    public let maxTokens: Double
    /// The `model` string a client sends to be routed by this scorer and threshold
    /// (`router-complexity-0.35`).
    public let modelName: String
    /// The decimals that write the threshold exactly (at least 2), worked out once: reasons are
    /// written on every request.
    private let thresholdPlaces: Int

    /// The seed of the `random` scorer; fixed so the same prompt always gets the same score.
    public static let randomSeed: UInt64 = 0x5EED_0F_4A_11_0C_A7E

    /// A strategy; unnamed models default to the complex and simple tiers' first models.
    public init(
        scorer: ThresholdScorer = .complexity, threshold: Double = 0.5, strongModel: String? = nil,
        weakModel: String? = nil, maxTokens: Double = 2_000
    ) {
        self.scorer = scorer
        self.threshold = threshold
        self.strongModel = strongModel
        self.weakModel = weakModel
        self.maxTokens = maxTokens
        thresholdPlaces = ReasonFormat.places(toWrite: threshold)
        modelName = "router-\(scorer.rawValue)-\(ReasonFormat.decimal(threshold, places: thresholdPlaces))"
    }

    /// A strategy from configured parameters; missing ones keep their defaults.
    public init(params: [String: StrategyParameter]) {
        self.init(
            scorer: params["scorer"]?.text.flatMap(ThresholdScorer.init(rawValue:)) ?? .complexity,
            threshold: params["threshold"]?.number ?? 0.5,
            strongModel: params["strong_model"]?.text, weakModel: params["weak_model"]?.text,
            maxTokens: params["max_tokens"]?.number ?? 2_000
        )
    }

    /// The same strategy with another scorer and threshold (a `router-<scorer>-<threshold>` request).
    public func with(scorer: ThresholdScorer, threshold: Double) -> ThresholdStrategy {
        ThresholdStrategy(
            scorer: scorer, threshold: threshold, strongModel: strongModel, weakModel: weakModel, maxTokens: maxTokens)
    }

    public var params: [String: StrategyParameter] {
        var params: [String: StrategyParameter] = [
            "scorer": .text(scorer.rawValue), "threshold": .number(threshold), "max_tokens": .number(maxTokens),
        ]
        if let strongModel { params["strong_model"] = .text(strongModel) }
        if let weakModel { params["weak_model"] = .text(weakModel) }
        return params
    }

    public var inputs: StrategyInputs {
        switch scorer {
        case .complexity, .nvidia: return .complexityScore
        case .tokenLength: return .tokenCount
        case .random: return .promptFingerprint
        }
    }

    /// The model a score at or above the threshold goes to in `catalog`: `strong_model`, else the
    /// complex tier's first model.
    public func strongModel(in catalog: ModelCatalog) -> ModelDefinition? {
        strongIndex(in: catalog).map { catalog.models[$0] }
    }

    /// The model a score below the threshold goes to in `catalog`: `weak_model`, else the simple
    /// tier's first model.
    public func weakModel(in catalog: ModelCatalog) -> ModelDefinition? {
        weakIndex(in: catalog).map { catalog.models[$0] }
    }

    /// The index of ``strongModel(in:)`` in the catalog's models.
    private func strongIndex(in catalog: ModelCatalog) -> Int? {
        strongModel.flatMap(catalog.index(named:)) ?? catalog.firstIndex(in: .complex)
    }

    /// The index of ``weakModel(in:)`` in the catalog's models.
    private func weakIndex(in catalog: ModelCatalog) -> Int? {
        weakModel.flatMap(catalog.index(named:)) ?? catalog.firstIndex(in: .simple)
    }

    /// The strong-model score of `features` in [0, 1], to 4 decimals (`random` rounds down, so stays below 1).
    public func score(_ features: RoutingFeatures) -> Double {
        switch scorer {
        case .complexity:
            return features.classification.complexityScore
        case .nvidia:
            return features.classification.nvidiaScore
        case .tokenLength:
            let fraction = maxTokens > 0 ? min(Double(features.tokenCount) / maxTokens, 1) : 1
            return (fraction * 10_000).rounded() / 10_000
        case .random:
            return (Self.randomScore(fingerprint: features.promptFingerprint) * 10_000).rounded(.down) / 10_000
        }
    }

    /// A uniform score in [0, 1) from the prompt's fingerprint and ``randomSeed`` (SplitMix64's mixer).
    static func randomScore(fingerprint: UInt64) -> Double {
        var mixed = fingerprint ^ randomSeed
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return Double(mixed >> 11) / Double(UInt64(1) << 53)
    }

    /// The route of a request scored `strength`.
    private func route(strength: Double, catalog: ModelCatalog) -> StrategyRoute {
        let isStrong = strength >= threshold
        guard let index = isStrong ? strongIndex(in: catalog) : weakIndex(in: catalog) else {
            return StrategyRoute(model: "", tier: isStrong ? .complex : .simple)
        }
        return StrategyRoute(catalog.models[index])
    }

    public func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute {
        route(strength: score(features), catalog: catalog)
    }

    public func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice {
        let strength = score(features)
        let route = route(strength: strength, catalog: catalog)
        let isStrong = strength >= threshold
        let written = ReasonFormat.decimals(strength, threshold, places: thresholdPlaces)
        return StrategyChoice(
            model: route.model, tier: route.tier,
            candidates: [strongModel(in: catalog), weakModel(in: catalog)].compactMap { $0 }
                .map { CandidateScore(model: $0.name, score: strength) },
            reason: "\(modelName): \(scorer.rawValue) score \(written.score) \(isStrong ? "≥" : "<") "
                + "\(written.cut) → \(isStrong ? "strong" : "weak") → \(route.model)"
        )
    }
}
