import CanonicalJSON
import Router

/// **Test connection** (console, `POST /admin/providers/{name}/test`, `routeledger providers
/// test`): one minimal real request (a one-word prompt, one output token) to a provider's model —
/// the one named, else its first chat model — straight to that provider: no failover, no breaker,
/// nothing recorded in the ledger. It tells whether the provider answers now, how fast, which model
/// answered, and if not, why (the provider's own message, never a secret).
struct ConnectionTest: Sendable {
    /// What the provider did.
    struct Outcome: Sendable {
        var provider: String
        var model: String
        var succeeded: Bool
        /// `200`, or the failure's class (`connection`, `timeout`, `status 503`, `malformed`).
        var status: String
        var latencyMilliseconds: Double
        /// The `model` of the provider's answer (its own name for the model that served).
        var answeredBy: String?
        /// The failure, without secrets (``UpstreamFailure`` messages never hold keys).
        var error: String?

        /// The outcome as the admin API and `--json` print it.
        var json: JSONValue {
            .object([
                "provider": .string(provider), "model": .string(model), "ok": .bool(succeeded), "status": .string(status),
                "latency_ms": .double((latencyMilliseconds * 100).rounded() / 100),
                "answered_by": answeredBy.map(JSONValue.string) ?? .null, "error": error.map(JSONValue.string) ?? .null,
            ])
        }
    }

    /// Why a test could not be sent.
    enum Refusal: Error, Equatable {
        case unknownProvider(String)
        /// The model is unknown or served by another provider.
        case unknownModel(String, provider: String)
        case noModel(provider: String)

        var message: String {
            switch self {
            case .unknownProvider(let name): "unknown provider \"\(name)\""
            case .unknownModel(let model, let provider): "\"\(model)\" is not a model served by \(provider)"
            case .noModel(let provider): "no model in the catalog is served by \(provider)"
            }
        }
    }

    let catalog: ModelCatalog
    let providers: [String: any UpstreamProvider]

    /// Sends the probe to `providerName`, on `modelName` when given.
    func run(_ providerName: String, model modelName: String? = nil) async throws(Refusal) -> Outcome {
        guard let definition = catalog.provider(named: providerName), let upstream = providers[providerName] else {
            throw .unknownProvider(providerName)
        }
        let model: ModelDefinition
        if let modelName {
            guard let named = catalog.model(named: modelName), named.provider == providerName else {
                throw .unknownModel(modelName, provider: providerName)
            }
            model = named
        } else {
            guard let first = catalog.firstChatModel(servedBy: providerName)
                ?? catalog.models.first(where: { $0.provider == providerName })
            else { throw .noModel(provider: providerName) }
            model = first
        }
        let (result, answeredBy) = await ProviderProbe(provider: definition, upstream: upstream).complete(model)
        return Outcome(
            provider: providerName, model: model.name, succeeded: result.passed, status: result.status,
            latencyMilliseconds: result.latencyMilliseconds, answeredBy: answeredBy, error: result.error)
    }
}
