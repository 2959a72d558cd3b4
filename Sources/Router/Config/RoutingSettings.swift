/// How requests are routed and protected (`routing` section): default strategy, strategy
/// parameters, circuit breaker and retries.
public struct RoutingSettings: Codable, Equatable, Sendable {
    /// The strategy names SPEC section 3 defines.
    public static let strategyNames: [String] = ["token-length", "complexity", "threshold", "latency", "fixed"]

    /// The strategy used for `auto`, `""` or no model.
    public var defaultStrategy: String
    /// Parameters per strategy name, e.g. `complexity: {complex_threshold: 0.55}`.
    public var strategyParams: [String: [String: StrategyParameter]]
    /// When a provider is skipped after failures.
    public var breaker: BreakerSettings
    /// How often and how patiently a failed attempt is repeated.
    public var retries: RetryPolicy
    /// Which classifier derives the features; nil: the built-in one (kept out of the recorded
    /// configuration, so configurations that never set it keep their hash).
    public var classifier: ClassifierSettings?

    /// Settings; by default the `complexity` strategy with its own default parameters.
    public init(
        defaultStrategy: String = "complexity", strategyParams: [String: [String: StrategyParameter]] = [:],
        breaker: BreakerSettings = BreakerSettings(), retries: RetryPolicy = RetryPolicy(),
        classifier: ClassifierSettings? = nil
    ) {
        self.defaultStrategy = defaultStrategy
        self.strategyParams = strategyParams
        self.breaker = breaker
        self.retries = retries
        self.classifier = classifier
    }

    /// The parameters configured for `strategy` (empty when none are).
    public func params(for strategy: String) -> [String: StrategyParameter] {
        strategyParams[strategy] ?? [:]
    }

    /// The parameters `strategy` is built with: its own, except that `latency` without any takes
    /// `complexity`'s (both cut the complexity score into tiers).
    public func effectiveParams(for strategy: String) -> [String: StrategyParameter] {
        if strategy == "latency" && params(for: strategy).isEmpty { return params(for: "complexity") }
        return params(for: strategy)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case breaker, retries, classifier
        case defaultStrategy = "default_strategy"
        case strategyParams = "strategy_params"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaultStrategy = try container.value(.defaultStrategy, or: "complexity")
        strategyParams = try container.value(.strategyParams, or: [:])
        breaker = try container.value(.breaker, or: BreakerSettings())
        retries = try container.value(.retries, or: RetryPolicy())
        classifier = try container.decodeIfPresent(ClassifierSettings.self, forKey: .classifier)
    }
}
