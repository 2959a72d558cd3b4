/// Everything a `routeledger.yaml` file configures (SPEC section 7).
///
/// Every section is optional; see `routeledger.example.yaml` for the schema with comments.
/// Load with `RouteledgerConfig.load(path:)` or `parse(yaml:file:)`, which also validate.
public struct RouteledgerConfig: Equatable, Sendable {
    /// Where the gateway listens.
    public var server: ServerSettings
    /// Where the ledger lives.
    public var ledger: LedgerSettings
    /// Which environment variables hold the accepted keys.
    public var auth: AuthSettings
    /// Providers, models, aliases and fallback groups.
    public var catalog: ModelCatalog
    /// Default strategy, strategy parameters, breaker and retries.
    public var routing: RoutingSettings
    /// Which texts stay out of the ledger.
    public var redaction: RedactionSettings

    /// A configuration from its sections.
    public init(
        server: ServerSettings = ServerSettings(), ledger: LedgerSettings = LedgerSettings(),
        auth: AuthSettings = AuthSettings(), catalog: ModelCatalog, routing: RoutingSettings = RoutingSettings(),
        redaction: RedactionSettings = RedactionSettings()
    ) {
        self.server = server
        self.ledger = ledger
        self.auth = auth
        self.catalog = catalog
        self.routing = routing
        self.redaction = redaction
    }
}

extension RouteledgerConfig: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case server, ledger, auth, providers, models, aliases, fallbacks, routing, redaction
    }

    /// Decodes a whole file; absent sections take their defaults, an absent catalog the built-in one.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        server = try container.value(.server, or: ServerSettings())
        ledger = try container.value(.ledger, or: LedgerSettings())
        auth = try container.value(.auth, or: AuthSettings())
        routing = try container.value(.routing, or: RoutingSettings())
        redaction = try container.value(.redaction, or: RedactionSettings())
        let hasCatalog = container.contains(.providers) || container.contains(.models)
        let builtIn = RouteledgerConfig.builtIn.catalog
        catalog = ModelCatalog(
            providers: try container.value(.providers, or: hasCatalog ? [] : builtIn.providers),
            models: try container.value(.models, or: hasCatalog ? [] : builtIn.models),
            aliases: try container.value(.aliases, or: hasCatalog ? [:] : builtIn.aliases),
            fallbacks: try container.value(.fallbacks, or: hasCatalog ? [:] : builtIn.fallbacks)
        )
    }
}
