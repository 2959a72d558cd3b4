import DomainEvents

/// Routes chat requests (the gateway's and the replay's one router): classifies the prompt, parses the requested model (SPEC section 3) and
/// lets the matching strategy decide.
///
/// Built once per configuration; every call with the same input returns the same decision.
public struct RequestRouter: Sendable {
    /// The version of ``features(of:)`` (tokenizer, classifier, fingerprint): raised whenever one of
    /// them changes what it computes, so features derived later (at import) say what derived them.
    /// Version 2: the learned classifier (its own version is recorded with each decision too).
    public static let featuresVersion = 2

    /// The configuration routed with.
    public let config: RouteledgerConfig
    /// The classifier that produces the prompt's features.
    public let classifier: any PromptClassifier
    /// The strategies by contract name, built from the configured parameters.
    public let strategies: [String: any RoutingStrategy]
    /// Each catalog model's fallback plan (its attempt order after itself), worked out once: the
    /// catalog never changes under a router.
    private let fallbackPlans: [String: [String]]
    /// `config.configHash`, computed once (it encodes and hashes the configuration).
    public let configHash: String

    /// A router for `config` (validated), classifying with `classifier`, by default the one
    /// `routing.classifier` names (its fallback for an `http` classifier, which the gateway calls
    /// itself and hands over as ``ServiceClassification``).
    public init(config: RouteledgerConfig, classifier: (any PromptClassifier)? = nil) {
        self.config = config
        self.classifier = classifier ?? Self.inProcessClassifier(config.routing.classifier)
        let routing = config.routing
        strategies = Dictionary(uniqueKeysWithValues: RoutingSettings.strategyNames.compactMap { name in
            StrategyFactory.make(name, params: routing.effectiveParams(for: name)).map { (name, $0) }
        })
        let planner = FailoverPlanner(catalog: config.catalog, retries: routing.retries)
        fallbackPlans = Dictionary(uniqueKeysWithValues: config.catalog.models.map { model in
            (model.name, planner.candidates(for: model.name).dropFirst().map(\.name))
        })
        configHash = config.configHash
    }

    /// The classifier the gateway runs itself for `settings`: the lexical one when it, or an
    /// `http` classifier's fallback, names it; else the built-in learned one.
    public static func inProcessClassifier(_ settings: ClassifierSettings?) -> any PromptClassifier {
        guard let settings else { return LearnedPromptClassifier() }
        let kind = settings.kind == .http ? settings.fallback : settings.kind
        return kind == .lexical ? LexicalPromptClassifier() : LearnedPromptClassifier()
    }

    /// The models tried after `model` if it fails, in order (precomputed per catalog model).
    public func fallbackPlan(for model: String) -> [String] {
        fallbackPlans[model] ?? []
    }

    /// The features of `messages`: cl100k_base token count, classification and fingerprint.
    public func features(of messages: [ChatMessage]) -> RoutingFeatures {
        RoutingFeatures(
            tokenCount: Tokenizer.shared(.cl100kBase).count(messages: messages),
            classification: classifier.classify(PromptInput(messages: messages)),
            promptFingerprint: RoutingFeatures.fingerprint(of: messages),
            classifierVersion: classifier.version
        )
    }

    /// The features of `messages` with a classifier service's answer: its classification and
    /// version, or — when it did not answer usefully — the in-process classifier's, with the reason.
    public func features(of messages: [ChatMessage], service: ServiceClassification) -> RoutingFeatures {
        switch service {
        case .classified(let classification, let version):
            return RoutingFeatures(
                tokenCount: Tokenizer.shared(.cl100kBase).count(messages: messages), classification: classification,
                promptFingerprint: RoutingFeatures.fingerprint(of: messages), classifierVersion: version)
        case .fellBack(let reason):
            var features = features(of: messages)
            features.classifierFallback = reason
            return features
        }
    }

    /// The decision for a request: the default strategy for no model, `""` or `auto`, the threshold
    /// strategy for `router-<scorer>-<threshold>`, else the named model or alias.
    ///
    /// `latencySnapshot` (model → p50 ms) is read by the `latency` strategy. Throws for a malformed
    /// `router-…` string or an unknown model.
    public func route(
        messages: [ChatMessage], requestedModel: String?, latencySnapshot: [String: Double] = [:]
    ) throws(ModelRequestError) -> RoutingDecided {
        let request = try ModelRequest.parse(requestedModel, catalog: config.catalog)
        return decide(features: features(of: messages), request: request, latencySnapshot: latencySnapshot)
    }

    /// ``route(messages:requestedModel:latencySnapshot:)`` with a classifier service's answer.
    public func route(
        messages: [ChatMessage], requestedModel: String?, service: ServiceClassification,
        latencySnapshot: [String: Double] = [:]
    ) throws(ModelRequestError) -> RoutingDecided {
        let request = try ModelRequest.parse(requestedModel, catalog: config.catalog)
        return decide(features: features(of: messages, service: service), request: request, latencySnapshot: latencySnapshot)
    }

    /// The strategy that decides `request`: the default strategy, the configured `threshold`
    /// strategy with the requested scorer and threshold, or the requested model.
    public func strategy(for request: ModelRequest) -> any RoutingStrategy {
        switch request {
        case .defaultStrategy:
            return strategies[config.routing.defaultStrategy] ?? ComplexityStrategy()
        case .threshold(let scorer, let threshold):
            let base = strategies["threshold"] as? ThresholdStrategy ?? ThresholdStrategy()
            return base.with(scorer: scorer, threshold: threshold)
        case .explicit(let model, let requestedAs):
            return RequestedModelStrategy(model: model, requestedAs: requestedAs)
        }
    }

    /// The decision for already computed features.
    public func decide(
        features: RoutingFeatures, request: ModelRequest, latencySnapshot: [String: Double] = [:]
    ) -> RoutingDecided {
        let strategy = strategy(for: request)
        let choice = strategy.decide(features: features, catalog: config.catalog, latencySnapshot: latencySnapshot)
        return RoutingDecided(
            strategy: StrategyRef(strategy), features: PromptFeatures(features, tier: choice.tier),
            candidates: choice.candidates, chosenModel: choice.model, tier: choice.tier.rawValue,
            fallbackPlan: fallbackPlans[choice.model]
                ?? config.catalog.model(named: choice.model).flatMap { fallbackPlans[$0.name] } ?? [],
            reason: choice.reason, configHash: configHash, latencySnapshot: choice.latencySnapshot
        )
    }
}
