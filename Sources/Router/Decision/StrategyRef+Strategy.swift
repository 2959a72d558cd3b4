import DomainEvents

extension StrategyRef {
    /// The reference of `strategy`: its contract name, version and parameters in force.
    public init(_ strategy: any RoutingStrategy) {
        self.init(name: strategy.name, version: strategy.version, params: strategy.params.mapValues(\.jsonValue))
    }
}
