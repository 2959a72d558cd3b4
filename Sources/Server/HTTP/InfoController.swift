import CanonicalJSON
import Foundation
import Hummingbird
import Router

/// `GET /v1/models` (the OpenAI list: catalog models, aliases and `auto`), `GET /health` and
/// `GET /status` (providers with breaker state and error counts).
struct InfoController: Sendable {
    let gateway: Gateway
    /// The `/v1/models` list, built once: the catalog does not change while serving.
    private let models: JSONValue

    init(gateway: Gateway) {
        self.gateway = gateway
        models = Self.modelList(gateway.config.catalog, created: Int64(Date().timeIntervalSince1970))
    }

    func addModelRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("models") { _, _ in models }
        group.get("models/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let model = modelEntry(id) else {
                throw OpenAIError.notFound("the model \(id) does not exist", param: "model", code: "model_not_found")
            }
            return model
        }
    }

    func addHealthRoutes(to router: Router<GatewayContext>) {
        router.get("health") { _, _ in JSONValue.object(["status": .string("ok")]) }
        router.get("status") { _, _ in status }
    }

    /// The OpenAI list of `auto`, the catalog's models and its aliases; `created` is the start time.
    private static func modelList(_ catalog: ModelCatalog, created: Int64) -> JSONValue {
        func entry(_ id: String, ownedBy: String, extra: [String: JSONValue] = [:]) -> JSONValue {
            .object(["id": .string(id), "object": .string("model"), "created": .int(created), "owned_by": .string(ownedBy)]
                .merging(extra) { $1 })
        }
        var data = [entry("auto", ownedBy: "routeledger", extra: ["routeledger": .object(["kind": .string("router")])])]
        for model in catalog.models {
            var details: [String: JSONValue] = [
                "kind": .string(model.kind == .chat ? "model" : "embedding_model"),
                "input_price_per_1k": .double(model.inputPricePer1K), "output_price_per_1k": .double(model.outputPricePer1K),
                "context_window": .int(Int64(model.contextWindow)),
            ]
            if model.kind == .chat { details["tier"] = .string(model.tier.rawValue) }
            data.append(entry(model.name, ownedBy: model.provider, extra: ["routeledger": .object(details)]))
        }
        for alias in catalog.aliases.keys.sorted() {
            let target = catalog.model(named: alias)?.name ?? ""
            data.append(entry(alias, ownedBy: "routeledger", extra: ["routeledger": .object([
                "kind": .string("alias"), "target": .string(target),
            ])]))
        }
        return .object(["object": .string("list"), "data": .array(data)])
    }

    private func modelEntry(_ id: String) -> JSONValue? {
        guard case .array(let list)? = models.objectValue?["data"] else { return nil }
        return list.first { $0.objectValue?["id"] == .string(id) }
    }

    /// A provider's health check settings and latest probe; null when it has none.
    private func healthCheck(_ provider: ProviderDefinition?) -> JSONValue {
        guard let provider, let settings = provider.healthCheck else { return .null }
        return .object([
            "kind": .string(settings.kind.rawValue), "interval_ms": .int(Int64(settings.intervalMs)),
            "timeout_ms": .int(Int64(settings.timeoutMs)),
            "last_probe": gateway.probeResults.latest(provider.name)?.json ?? .null,
        ])
    }

    private var status: JSONValue {
        let breakers = gateway.breakers
        let providers = breakers.status().map { breaker -> JSONValue in
            let definition = gateway.config.catalog.provider(named: breaker.provider)
            return .object([
                "name": .string(breaker.provider),
                "kind": .string(definition?.kind.rawValue ?? ""),
                "breaker": .string(breaker.phase.rawValue),
                "consecutive_failures": .int(Int64(breaker.consecutiveFailures)),
                "retry_after_ms": breaker.retryAfterMs.map { .int(Int64($0)) } ?? .null,
                "errors": .int(Int64(breakers.errorCount(breaker.provider))),
                "errors_by_class": .object(breakers.errorsByClass(breaker.provider).mapValues { .int(Int64($0)) }),
                "health_check": healthCheck(definition),
            ])
        }
        return .object([
            "status": .string("ok"), "config_hash": .string(gateway.router.configHash),
            "providers": .array(providers),
        ])
    }
}
