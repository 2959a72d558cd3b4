import DomainEvents
import Router

/// A replay's alternative, resolved against the reference configuration: the strategy that
/// decides again (nil when the recorded decisions stand and only prices change) and the
/// replacement prices.
public struct ReplayAlternative: Sendable {
    /// Decides every routed request again; nil keeps the recorded decisions.
    public var strategy: (any RoutingStrategy)?
    /// Prices replacing those in force, by model.
    public var prices: [String: TokenPrices]
    /// The alternative in words (`strategy threshold (scorer complexity, threshold 0.3, …)`).
    public var summary: String

    public init(strategy: (any RoutingStrategy)?, prices: [String: TokenPrices] = [:], summary: String) {
        self.strategy = strategy
        self.prices = prices
        self.summary = summary
    }

    /// The alternative `spec` asks for, checked against `configs.reference`: exactly one of a
    /// strategy or a model string, or a price table alone; known strategy, parameters and values;
    /// a well-formed `router-…` string or a known chat model.
    public static func resolve(_ spec: ReplaySpec, configs: ReplayConfigs) throws(InvalidQuery) -> ReplayAlternative {
        let reference = configs.reference
        let prices = spec.prices ?? [:]
        if spec.strategy != nil && spec.model != nil {
            throw InvalidQuery(parameter: "model", message: "give a strategy or a model, not both")
        }
        if spec.strategy == nil && !spec.params.isEmpty {
            throw InvalidQuery(parameter: "params", message: "parameters need a strategy (--strategy NAME)")
        }
        guard (0...ReplaySpec.maxExamples).contains(spec.examples) else {
            throw InvalidQuery(parameter: "examples", message: "examples must be from 0 to \(ReplaySpec.maxExamples)")
        }
        var strategy: (any RoutingStrategy)?
        var summary: String
        if let name = spec.strategy {
            var params = reference.routing.effectiveParams(for: name)
            params.merge(spec.params) { _, given in given }
            do throws(StrategySpecError) {
                strategy = try StrategyFactory.validated(name, params: params, catalog: reference.catalog)
            } catch {
                throw InvalidQuery(
                    parameter: error.parameter == "strategy" ? "strategy" : "params.\(error.parameter)", message: error.message)
            }
            summary = "strategy \(name)"
        } else if let model = spec.model {
            do throws(ModelRequestError) {
                let request = try ModelRequest.parse(model, catalog: reference.catalog)
                strategy = RequestRouter(config: reference).strategy(for: request)
            } catch {
                throw InvalidQuery(parameter: "model", message: error.message)
            }
            summary = "model \(model)"
        } else if !prices.isEmpty {
            summary = "the recorded decisions"
        } else {
            throw InvalidQuery(
                parameter: "strategy", message: "nothing to replay: give a strategy, a model (router-complexity-0.4) or a price table")
        }
        if let strategy, !strategy.params.isEmpty {
            summary += " (" + strategy.params.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.written($0.value))" }
                .joined(separator: ", ") + ")"
        }
        if !prices.isEmpty { summary += " with replacement prices for " + prices.keys.sorted().joined(separator: ", ") }
        return ReplayAlternative(strategy: strategy, prices: prices, summary: summary)
    }

    /// A parameter as a person writes it.
    static func written(_ value: StrategyParameter) -> String {
        switch value {
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .text(let text): text
        case .flag(let flag): flag ? "true" : "false"
        }
    }
}
