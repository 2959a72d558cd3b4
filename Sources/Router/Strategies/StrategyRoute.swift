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

    /// The route to `model`, filed under its own tier.
    public init(_ model: ModelDefinition) {
        self.init(model: model.name, tier: model.tier)
    }

    /// The route to `tier`'s first chat model in `catalog` (empty when the tier has none), filed
    /// under `tier`.
    public init(firstOf tier: Tier, in catalog: ModelCatalog) {
        self.init(model: catalog.firstIndex(in: tier).map { catalog.models[$0].name } ?? "", tier: tier)
    }
}
