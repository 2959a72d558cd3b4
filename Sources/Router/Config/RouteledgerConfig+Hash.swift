import Crypto
import Foundation

extension RouteledgerConfig {
    /// SHA-256 (lowercase hex) of the canonical JSON of the catalog and the routing settings.
    ///
    /// Canonical: keys sorted, no whitespace, defaults filled in — so reordering YAML keys or
    /// spelling out a default leaves the hash unchanged, while any price, model or threshold change
    /// moves it. Server, ledger, auth and redaction settings are not part of it. Secrets cannot be:
    /// the configuration holds only the names of the variables that contain them.
    public var configHash: String {
        let digest = SHA256.hash(data: canonicalRoutingJSON)
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The canonical JSON `configHash` is computed from, also fit for the `config.applied` event.
    public var canonicalRoutingJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(HashedPart(catalog: catalog, routing: routing))
        } catch {
            preconditionFailure("a configuration always encodes: \(error)")
        }
    }

    private struct HashedPart: Encodable {
        let catalog: ModelCatalog
        let routing: RoutingSettings
    }
}
