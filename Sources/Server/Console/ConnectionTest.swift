import CanonicalJSON
import Foundation
import Ledger
import Router

/// The console's **Test connection**: one minimal real request (a one-word prompt, one output
/// token) to a provider's first chat model, straight to that provider — no failover, no breaker,
/// nothing recorded in the ledger: it tells whether the provider answers now, how fast, and if not,
/// why.
struct ConnectionTest: Sendable {
    /// What the provider did.
    struct Outcome: Sendable {
        var provider: String
        var model: String
        var succeeded: Bool
        /// `200`, or the failure's class (`connection`, `timeout`, `status 503`, `malformed`).
        var status: String
        var latencyMilliseconds: Double
        /// The failure, without secrets (``UpstreamFailure`` messages never hold keys).
        var error: String?
    }

    let catalog: ModelCatalog
    let providers: [String: any UpstreamProvider]

    /// Sends the probe to `providerName`; nil when no such provider is configured.
    func run(_ providerName: String) async -> Outcome? {
        guard let definition = catalog.provider(named: providerName), let upstream = providers[providerName] else {
            return nil
        }
        let model = catalog.models.first { $0.provider == providerName && $0.kind == .chat }
            ?? catalog.models.first { $0.provider == providerName }
        guard let model else {
            return Outcome(
                provider: providerName, model: "", succeeded: false, status: "no model", latencyMilliseconds: 0,
                error: "no model in the catalog is served by \(providerName)")
        }
        let message = ChatMessage(role: "user", content: "ping")
        var body: [String: JSONValue] = ["model": .string(model.upstreamModel)]
        let started = ContinuousClock.now
        do {
            if model.kind == .chat {
                body["messages"] = .array([.object(["role": .string("user"), "content": .string("ping")])])
                body["max_tokens"] = .int(1)
                _ = try await upstream.complete(call(model, definition, body, "chat/completions", message))
            } else {
                body["input"] = .array([.string("ping")])
                _ = try await upstream.embed(call(model, definition, body, "embeddings", message))
            }
            return Outcome(
                provider: providerName, model: model.name, succeeded: true, status: "200",
                latencyMilliseconds: (ContinuousClock.now - started).milliseconds, error: nil)
        } catch {
            let failure = UpstreamHTTP.failure(error)
            return Outcome(
                provider: providerName, model: model.name, succeeded: false, status: failure.errorClass,
                latencyMilliseconds: (ContinuousClock.now - started).milliseconds, error: failure.message)
        }
    }

    private func call(
        _ model: ModelDefinition, _ provider: ProviderDefinition, _ body: [String: JSONValue], _ path: String,
        _ message: ChatMessage
    ) -> UpstreamCall {
        UpstreamCall(
            requestID: "connection-test-" + UUIDv7.make().uuidString.lowercased(), model: model, provider: provider,
            body: body, path: path, messages: [message], attempt: 1)
    }
}
