import Analytics
import CanonicalJSON
import Console
import DomainEvents
import Router

/// The configuration the gateway runs under, as its `config.applied` event records it (secrets
/// appear only as the names of the environment variables they are read from), its hash, and the
/// history of `config.applied` events, newest first, paged by seq.
struct ConfigurationPage: ConsolePage {
    static let template = "configuration"

    struct Provider: Sendable {
        var name, kind, endpoint, keyVariable: String
    }

    struct Applied: Sendable {
        var seq: Int64
        var time, hash, source: String
        var current: Bool
    }

    var chrome: ConsoleChrome
    var configHash: String
    var source: String
    var providers: [Provider]
    var clientKeyVariables: String
    var adminKeyVariable: String
    var catalogJSON: String
    var routingJSON: String
    var history: [Applied]
    var historyCount: Int
    var olderHref: String?

    init(
        config: RouteledgerConfig, configHash: String, source: String, history: [AppliedConfigEntry], historyCount: Int,
        olderHref: String?, access: ConsoleAccess
    ) {
        chrome = ConsoleChrome(title: "Configuration", section: .configuration, access: access)
        self.configHash = configHash
        self.source = source
        providers = config.catalog.providers.map { provider in
            Provider(
                name: provider.name, kind: provider.kind.rawValue, endpoint: provider.baseURL ?? "in-process",
                keyVariable: provider.apiKeyEnv ?? "—")
        }
        clientKeyVariables = config.auth.clientKeyEnvs.isEmpty ? "none (open)" : config.auth.clientKeyEnvs.joined(separator: ", ")
        adminKeyVariable = config.auth.adminKeyEnv ?? "none (open)"
        let applied = ConfigApplied(config, source: source)
        catalogJSON = applied.map { ConsoleFormat.json($0.catalog, pretty: true) } ?? ""
        routingJSON = applied.map { ConsoleFormat.json($0.routing, pretty: true) } ?? ""
        self.history = history.map { entry in
            Applied(
                seq: entry.seq, time: ConsoleFormat.time(entry.timestamp), hash: entry.configHash, source: entry.source,
                current: entry.configHash == configHash)
        }
        self.historyCount = historyCount
        self.olderHref = olderHref
    }
}
