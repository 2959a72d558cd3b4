/// The sign-in page: one field for the admin key, posted to `/console/sign-in`.
public struct SignInPage: ConsolePage {
    public static let template = "sign-in"
    /// Why the last attempt failed, if it did.
    public var error: String?

    public init(error: String? = nil) {
        self.error = error
    }
}

/// The catalog: models with their kind, tier, group, prices, context window and provider;
/// aliases and fallback groups.
public struct ModelsPage: ConsolePage {
    public static let template = "models"

    public struct Model: Sendable {
        public var name, kind, tier, group, provider: String
        public var inputPricePer1K, outputPricePer1K: String
        public var contextWindow: String

        public init(
            name: String, kind: String, tier: String, group: String, provider: String, inputPricePer1K: String,
            outputPricePer1K: String, contextWindow: String
        ) {
            self.name = name
            self.kind = kind
            self.tier = tier
            self.group = group
            self.provider = provider
            self.inputPricePer1K = inputPricePer1K
            self.outputPricePer1K = outputPricePer1K
            self.contextWindow = contextWindow
        }
    }

    public struct Pair: Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var models: [Model]
    public var aliases: [Pair]
    public var fallbacks: [Pair]
    /// Whether sign-out is offered (keys are configured).
    public var signedIn: Bool

    public init(models: [Model], aliases: [Pair], fallbacks: [Pair], signedIn: Bool) {
        self.models = models
        self.aliases = aliases
        self.fallbacks = fallbacks
        self.signedIn = signedIn
    }
}
