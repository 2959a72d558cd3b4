import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Router

/// The configurations a replay decides under: each one the ledger recorded (`config.applied`) —
/// a request is replayed with the catalog and prices of the configuration it was decided under —
/// and the reference one, whose strategy parameters an alternative starts from: the latest
/// recorded, or the built-in configuration when the ledger recorded none.
public struct ReplayConfigs: Sendable {
    /// The configuration alternatives start from and requests of unknown configuration (imports)
    /// are replayed with.
    public var reference: RouteledgerConfig
    /// Where ``reference`` came from, in words (`config.applied at seq 1`, `built-in`).
    public var referenceSource: String
    /// Every recorded configuration by hash.
    public var byHash: [String: RouteledgerConfig]

    /// Configurations from their parts.
    public init(reference: RouteledgerConfig, referenceSource: String, byHash: [String: RouteledgerConfig] = [:]) {
        self.reference = reference
        self.referenceSource = referenceSource
        self.byHash = byHash
    }

    /// The configurations recorded in `ledger`, given the seq of each hash's first
    /// `config.applied` (``StatsProjection/configs``). Configurations that no longer decode (a
    /// newer or older catalog format) are left out: their requests replay with the reference.
    public static func load(from ledger: Ledger, configs: [String: Int64]) async throws -> ReplayConfigs {
        var byHash: [String: RouteledgerConfig] = [:]
        var latest: (seq: Int64, config: RouteledgerConfig)?
        for (hash, seq) in configs {
            guard let stored = try await ledger.events(after: seq - 1, limit: 1).first,
                case .configApplied(let applied) = try stored.decoded(),
                let config = decode(applied)
            else { continue }
            byHash[hash] = config
            if latest.map({ seq > $0.seq }) ?? true { latest = (seq, config) }
        }
        guard let latest else {
            return ReplayConfigs(reference: .builtIn, referenceSource: "the built-in configuration", byHash: byHash)
        }
        return ReplayConfigs(
            reference: latest.config, referenceSource: "the configuration applied at seq \(latest.seq)", byHash: byHash)
    }

    /// The catalog and routing settings of a `config.applied` event.
    static func decode(_ applied: ConfigApplied) -> RouteledgerConfig? {
        func bytes(_ value: JSONValue) -> Data {
            var writer = JSONWriter()
            writer.write(value)
            return Data(writer.bytes)
        }
        let decoder = JSONDecoder()
        guard let catalog = try? decoder.decode(ModelCatalog.self, from: bytes(applied.catalog)),
            let routing = try? decoder.decode(RoutingSettings.self, from: bytes(applied.routing))
        else { return nil }
        return RouteledgerConfig(catalog: catalog, routing: routing)
    }
}
