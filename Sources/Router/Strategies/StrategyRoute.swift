/// Where a strategy routes a request: the model and its tier — a ``StrategyChoice`` without the
/// candidates and the reason, which cost more to build than the decision itself. A replay of a
/// million requests needs only this; the few it shows get their full choice.
public struct StrategyRoute: Sendable, Equatable {
    /// The catalog name of the chosen model (empty when the catalog has none to offer).
    public var model: String
    /// The tier the decision is filed under.
    public var tier: Tier

    /// A route.
    public init(model: String, tier: Tier) {
        self.model = model
        self.tier = tier
    }
}
