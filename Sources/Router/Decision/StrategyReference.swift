/// The strategy that decided: its contract name, implementation version and parameters in force.
public struct StrategyReference: Codable, Sendable, Equatable {
    /// The name recorded when the client asked for a catalog model or alias by name (SPEC section
    /// 3, "user-specified"): no strategy chose, the request did.
    public static let userSpecified = "user-specified"

    /// The contract name, e.g. `complexity`.
    public var name: String
    /// The implementation version.
    public var version: Int
    /// Thresholds, scorer, model names and other parameters.
    public var params: [String: StrategyParameter]

    /// A reference.
    public init(name: String, version: Int, params: [String: StrategyParameter]) {
        self.name = name
        self.version = version
        self.params = params
    }

    /// The reference of `strategy`.
    public init(_ strategy: any RoutingStrategy) {
        self.init(name: strategy.name, version: strategy.version, params: strategy.params)
    }
}
