import Console
import Router

/// The catalog: models with their kind, tier, group, prices, context window and provider;
/// aliases and fallback groups.
struct ModelsPage: ConsolePage {
    static let template = "models"

    struct Model: Sendable {
        var name, kind, tier, group, provider: String
        var inputPricePer1K, outputPricePer1K: String
        var contextWindow: String
    }

    var chrome: ConsoleChrome
    var models: [Model]
    var aliases: [ConsolePair]
    var fallbacks: [ConsolePair]

    init(catalog: ModelCatalog, access: ConsoleAccess) {
        chrome = ConsoleChrome(title: "Models", section: .models, access: access)
        models = catalog.models.map { model in
            Model(
                name: model.name, kind: model.kind.rawValue, tier: model.tier.rawValue, group: model.group,
                provider: model.provider, inputPricePer1K: String(model.inputPricePer1K),
                outputPricePer1K: String(model.outputPricePer1K), contextWindow: String(model.contextWindow))
        }
        aliases = catalog.aliases.sorted { $0.key < $1.key }.map { ConsolePair(name: $0.key, value: $0.value) }
        fallbacks = catalog.fallbacks.sorted { $0.key < $1.key }.map {
            ConsolePair(name: $0.key, value: $0.value.joined(separator: ", "))
        }
    }
}
