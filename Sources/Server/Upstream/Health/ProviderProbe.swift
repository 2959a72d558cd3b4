import CanonicalJSON
import Foundation
import Ledger
import Router

/// One minimal real request to one provider, straight to it — no failover, no breaker, nothing
/// recorded as traffic: the model list, or a one-token completion (a one-word prompt). Used by the
/// health probes, the console's and CLI's connection tests.
struct ProviderProbe: Sendable {
    let provider: ProviderDefinition
    let upstream: any UpstreamProvider

    /// `GET {base_url}/models`.
    func listModels() async -> ProbeResult {
        await timed { try await upstream.listModels() }
    }

    /// A one-token completion on `model` (an embedding model gets a one-word embedding instead).
    /// The result's `answeredBy` is the `model` field of the answer.
    func complete(_ model: ModelDefinition) async -> (result: ProbeResult, answeredBy: String?) {
        var answeredBy: String?
        let call = call(model)
        let result = await timed {
            let answer = model.kind == .chat ? try await upstream.complete(call) : try await upstream.embed(call)
            answeredBy = answer["model"]?.stringValue
        }
        return (result, answeredBy)
    }

    private func timed(_ body: () async throws -> Void) async -> ProbeResult {
        let at = UnixTime.nowMilliseconds()
        let started = ContinuousClock.now
        do {
            try await body()
            return ProbeResult(at: at, passed: true, latencyMilliseconds: (ContinuousClock.now - started).milliseconds, status: "200")
        } catch {
            let failure = UpstreamHTTP.failure(error)
            return ProbeResult(
                at: at, passed: false, latencyMilliseconds: (ContinuousClock.now - started).milliseconds,
                status: failure.errorClass, error: failure.message)
        }
    }

    private func call(_ model: ModelDefinition) -> UpstreamCall {
        var body: [String: JSONValue] = ["model": .string(model.upstreamModel)]
        if model.kind == .chat {
            body["messages"] = .array([.object(["role": .string("user"), "content": .string("ping")])])
            body["max_tokens"] = .int(1)
        } else {
            body["input"] = .array([.string("ping")])
        }
        return UpstreamCall(
            requestID: "probe-" + UUIDv7.make().uuidString.lowercased(), model: model, provider: provider, body: body,
            path: model.kind == .chat ? "chat/completions" : "embeddings",
            messages: [ChatMessage(role: "user", content: "ping")], attempt: 1)
    }
}
