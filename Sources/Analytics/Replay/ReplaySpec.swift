import DomainEvents
import Router

/// What a replay is asked: the requests (``ReplaySelection``) and one alternative — a strategy
/// with parameters, a model string as a client would send it (`router-complexity-0.4`, `auto`, a
/// catalog model) or a replacement price table, alone or with either of the others.
public struct ReplaySpec: Sendable, Equatable {
    /// A strategy of SPEC section 3 (`token-length`, `complexity`, `threshold`, `latency`, `fixed`).
    public var strategy: String?
    /// Parameters set on ``strategy``, over those the reference configuration gives it.
    public var params: [String: StrategyParameter]
    /// A `model` field as a client sends it.
    public var model: String?
    /// Prices per model replacing those in force (models left out keep theirs).
    public var prices: [String: TokenPrices]?
    public var selection: ReplaySelection
    /// How many changed decisions the report shows.
    public var examples: Int

    /// The most examples a report shows.
    public static let maxExamples = 100

    public init(
        strategy: String? = nil, params: [String: StrategyParameter] = [:], model: String? = nil,
        prices: [String: TokenPrices]? = nil, selection: ReplaySelection = ReplaySelection(), examples: Int = 10
    ) {
        self.strategy = strategy
        self.params = params
        self.model = model
        self.prices = prices
        self.selection = selection
        self.examples = examples
    }

    /// A `key=value` assignment of `--set` as a parameter: `true`/`false` as a flag, a number as a
    /// number, anything else as text.
    public static func parameter(_ assignment: String) throws(InvalidQuery) -> (key: String, value: StrategyParameter) {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            throw InvalidQuery(parameter: "set", message: "--set takes key=value, not \"\(assignment)\"")
        }
        let key = String(assignment[..<equals])
        let text = String(assignment[assignment.index(after: equals)...])
        if text == "true" || text == "false" { return (key, .flag(text == "true")) }
        if let number = Double(text), number.isFinite { return (key, .number(number)) }
        return (key, .text(text))
    }
}
