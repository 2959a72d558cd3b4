/// The models a gateway can route to, their providers, aliases and fallback groups.
///
/// Once validated (`RouteledgerConfig.parse`, `load` and `validated()` do it), every model's provider
/// exists, every alias ends at a model and every tier has a model.
public struct ModelCatalog: Codable, Equatable, Sendable {
    /// Providers in file order.
    public var providers: [ProviderDefinition]
    /// Models in file order; the order breaks ties between models of equal provider priority.
    public var models: [ModelDefinition]
    /// Other names for models (`fast: gpt-4o-mini`); an alias may point at another alias.
    public var aliases: [String: String]
    /// Group → the groups tried, in order, when all of its models failed (LiteLLM's `quality: [fast]`).
    public var fallbacks: [String: [String]]

    /// A catalog; run it through `RouteledgerConfig.validated` before routing with it.
    public init(
        providers: [ProviderDefinition], models: [ModelDefinition], aliases: [String: String] = [:],
        fallbacks: [String: [String]] = [:]
    ) {
        self.providers = providers
        self.models = models
        self.aliases = aliases
        self.fallbacks = fallbacks
    }

    /// The model called `name`, following aliases; nil when neither a model nor an alias has that name.
    public func model(named name: String) -> ModelDefinition? {
        index(named: name).map { models[$0] }
    }

    /// The index in ``models`` of the model called `name`, following aliases; nil when neither a
    /// model nor an alias has that name.
    public func index(named name: String) -> Int? {
        if let index = models.firstIndex(where: { $0.name == name }) { return index }
        var current = name
        var seen: Set<String> = [name]
        while let target = aliases[current], seen.insert(target).inserted {
            if let index = models.firstIndex(where: { $0.name == target }) { return index }
            current = target
        }
        return nil
    }

    /// The provider called `name`.
    public func provider(named name: String) -> ProviderDefinition? {
        providers.first { $0.name == name }
    }

    /// The first chat model `provider` serves, in file order: what a health probe or a connection
    /// test asks when none is named.
    public func firstChatModel(servedBy provider: String) -> ModelDefinition? {
        models.first { $0.provider == provider && $0.kind == .chat }
    }

    /// The chat models of `tier`, in file order.
    public func models(in tier: Tier) -> [ModelDefinition] {
        models.filter { $0.tier == tier && $0.kind == .chat }
    }

    /// The index in ``models`` of the first chat model of `tier` (the one strategies choose),
    /// without copying the tier's models.
    public func firstIndex(in tier: Tier) -> Int? {
        models.firstIndex { $0.tier == tier && $0.kind == .chat }
    }

    /// The models of fallback group `group`, best provider priority first, then in file order.
    public func models(inGroup group: String) -> [ModelDefinition] {
        let members = models.enumerated().filter { $0.element.group == group }
        return members.sorted { lhs, rhs in
            let left = provider(named: lhs.element.provider)?.priority ?? 0
            let right = provider(named: rhs.element.provider)?.priority ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Every group name some model belongs to.
    public var groups: Set<String> {
        Set(models.map(\.group))
    }
}
