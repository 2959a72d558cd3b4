/// Builds the strategies of SPEC section 3 by contract name, and checks parameters a person gave
/// (a replay's `--set threshold=0.3`) before a strategy is built from them.
///
/// The gateway's ``RequestRouter`` and the replay engine both build their strategies here, so a replay
/// runs the very code the gateway routes with.
public enum StrategyFactory {
    /// What one parameter accepts.
    public enum ParameterKind: Sendable, Equatable {
        /// A number in the closed range.
        case number(ClosedRange<Double>)
        /// One of the threshold scorers.
        case scorer
        /// A chat model (or alias) of the catalog.
        case chatModel
    }

    /// Each strategy's parameters and what they accept.
    public static let parameters: [String: [String: ParameterKind]] = [
        "token-length": ["medium_tokens": .number(0...1e9), "complex_tokens": .number(0...1e9)],
        "complexity": ["medium_threshold": .number(0...1), "complex_threshold": .number(0...1)],
        "threshold": [
            "scorer": .scorer, "threshold": .number(0...1), "strong_model": .chatModel, "weak_model": .chatModel,
            "max_tokens": .number(1...1e9),
        ],
        "latency": ["medium_threshold": .number(0...1), "complex_threshold": .number(0...1)],
        "fixed": ["model": .chatModel],
    ]

    /// The strategy called `name` with `params` (missing ones keep their defaults); nil for a name
    /// that is not one of ``RoutingSettings/strategyNames``.
    public static func make(_ name: String, params: [String: StrategyParameter]) -> (any RoutingStrategy)? {
        switch name {
        case "token-length": return TokenLengthStrategy(params: params)
        case "complexity": return ComplexityStrategy(params: params)
        case "threshold": return ThresholdStrategy(params: params)
        case "latency": return LatencyStrategy(params: params)
        case "fixed": return FixedStrategy(params: params)
        default: return nil
        }
    }

    /// The strategy called `name` with `params`, after checking that the strategy exists, that
    /// every parameter is one it has and holds a value it accepts (models must be chat models of
    /// `catalog`), and that tier cut points ascend.
    public static func validated(
        _ name: String, params: [String: StrategyParameter], catalog: ModelCatalog
    ) throws(StrategySpecError) -> any RoutingStrategy {
        guard let accepted = parameters[name], let strategy = make(name, params: params) else {
            throw StrategySpecError(
                parameter: "strategy",
                message: "unknown strategy \"\(name)\" (expected one of: \(RoutingSettings.strategyNames.joined(separator: ", ")))")
        }
        for (key, value) in params.sorted(by: { $0.key < $1.key }) {
            guard let kind = accepted[key] else {
                throw StrategySpecError(
                    parameter: key,
                    message: "strategy \(name) has no parameter \"\(key)\" (it has: \(accepted.keys.sorted().joined(separator: ", ")))")
            }
            try check(value, as: kind, key: key, catalog: catalog)
        }
        if let tiers = (strategy as? ComplexityStrategy)?.thresholds ?? (strategy as? LatencyStrategy)?.thresholds
            ?? (strategy as? TokenLengthStrategy)?.thresholds, tiers.medium > tiers.complex
        {
            let (medium, complex) = name == "token-length" ? ("medium_tokens", "complex_tokens") : ("medium_threshold", "complex_threshold")
            throw StrategySpecError(
                parameter: medium,
                message: "\(medium) (\(ReasonFormat.threshold(tiers.medium))) must not be above \(complex) (\(ReasonFormat.threshold(tiers.complex)))")
        }
        return strategy
    }

    private static func check(
        _ value: StrategyParameter, as kind: ParameterKind, key: String, catalog: ModelCatalog
    ) throws(StrategySpecError) {
        switch kind {
        case .number(let range):
            guard let number = value.number, number.isFinite, range.contains(number) else {
                throw StrategySpecError(
                    parameter: key,
                    message: "\(key) must be a number from \(ReasonFormat.threshold(range.lowerBound)) to \(ReasonFormat.threshold(range.upperBound))")
            }
        case .scorer:
            guard let text = value.text, ThresholdScorer(rawValue: text) != nil else {
                throw StrategySpecError(
                    parameter: key,
                    message: "unknown scorer (expected one of: \(ThresholdScorer.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        case .chatModel:
            guard let text = value.text, let model = catalog.model(named: text), model.kind == .chat else {
                throw StrategySpecError(parameter: key, message: "\(key) must name a chat model of the catalog")
            }
        }
    }
}
