import CanonicalJSON
import Ledger

/// `config.applied`: the server started or reloaded its configuration.
///
/// Holds what a decision's `config_hash` stood for, so an audit can show it months later.
/// Secrets are never part of it (providers name the environment variable, not its value).
public struct ConfigApplied: EventPayload {
    public static let type = EventType.configApplied
    public static let schema = 1

    public var configHash: String
    /// Models, tiers and prices.
    public var catalog: JSONValue
    /// The routing configuration (default strategy, params, fallbacks, breaker, retries).
    public var routing: JSONValue
    /// Where the configuration came from (a file path, or `built-in`).
    public var source: String

    public init(configHash: String, catalog: JSONValue, routing: JSONValue, source: String) {
        self.configHash = configHash
        self.catalog = catalog
        self.routing = routing
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case catalog, routing, source
        case configHash = "config_hash"
    }
}
