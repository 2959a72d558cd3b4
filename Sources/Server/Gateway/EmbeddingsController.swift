import CanonicalJSON
import Foundation
import Hummingbird
import Ledger
import Router

/// `POST /v1/embeddings`: forwarded to the named embedding model (with failover to its group),
/// recorded in one batch when the answer is ready, like a chat completion — `request.received`, `routing.decided`, any `upstream.failed`,
/// then `completion.succeeded` (input tokens and cost; the vectors are not stored) or
/// `completion.failed`.
struct EmbeddingsController: Sendable {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.post("embeddings") { request, context in
            try await embed(request, context: context)
        }
    }

    func embed(_ request: Request, context: GatewayContext) async throws -> Response {
        let started = ContinuousClock.now
        let buffer = try await request.body.collect(upTo: gateway.config.server.maxBodyBytes)
        let body = try EmbeddingsBody(json: Array(buffer.readableBytesView))
        let tags = try RequestTags.read(body.fields, headers: request.headers)
        let model: ModelDefinition
        do {
            model = try ModelRequest.embeddingModel(body.model, catalog: gateway.config.catalog)
        } catch {
            throw error.code == .unknownModel
                ? OpenAIError.notFound(error.message, param: "model", code: "model_not_found")
                : OpenAIError.invalidRequest(error.message, param: "model", code: error.code.description)
        }
        let tokenCount = body.tokenCount
        let requestID = UUIDv7.make().uuidString.lowercased()
        let events = RequestEvents(requestID: requestID, redaction: gateway.config.redaction)
        let gateway = gateway
        let opening = [
            events.received(body, caller: context.caller, tags: tags, promptTokens: tokenCount),
            events.decidedEmbedding(
                model: model, requestedAs: body.model, tokenCount: tokenCount,
                fallbackPlan: gateway.router.fallbackPlan(for: model.name), configHash: gateway.router.configHash,
                latencyMicroseconds: Int((ContinuousClock.now - started).milliseconds * 1_000)),
        ]
        let messages = body.inputs.map { input -> ChatMessage in
            switch input {
            case .text(let text): ChatMessage(role: "user", content: text)
            case .tokens(let tokens): ChatMessage(role: "user", content: tokens.map(String.init).joined(separator: " "))
            }
        }
        let admitted = try await gateway.limits.admit(
            caller: context.caller, requestID: requestID, promptTokens: tokenCount,
            maxCostUSD: gateway.maxCost(model: model.name, promptTokens: tokenCount, outputTokens: 0))
        let success: FailoverExecutor.Success<[String: JSONValue]>
        do {
            success = try await gateway.failover.run(model: model.name, requestID: requestID) { model, provider, attempt in
                UpstreamCall(
                    requestID: requestID, model: model, provider: provider, body: body.upstreamBody(model: model.upstreamModel),
                    path: "embeddings", messages: messages, attempt: attempt)
            } perform: {
                try await $0.embed($1)
            }
        } catch {
            await admitted?.settle(costUSD: 0, tokens: 0)
            throw try await FailoverExhaustion.recordedClientError(
                error, gateway: gateway, events: events, requestID: requestID, after: opening)
        }
        var answer = success.value
        let usage = answer["usage"]?.objectValue
        let providerTokens: Int? = if case .int(let count)? = usage?["prompt_tokens"] { Int(count) } else { nil }
        let completion = CompletionRecord(
            model: success.model, provider: success.provider, responseID: nil,
            inputTokens: providerTokens ?? tokenCount, outputTokens: 0, tokensCountedByProvider: providerTokens != nil,
            latencyMilliseconds: (ContinuousClock.now - started).milliseconds, timeToFirstTokenMilliseconds: nil,
            finishReason: nil, text: nil)
        await admitted?.settle(costUSD: completion.costUSD, tokens: completion.inputTokens)
        try await gateway.record(opening + success.setbacks.map(events.setback) + [events.succeeded(completion)])
        answer["routing"] = .object([
            "request_id": .string(requestID), "model": .string(success.model.name),
            "provider": .string(success.provider.name), "simulated": .bool(success.provider.kind == .simulated),
            "attempts": .int(Int64(success.attempt)),
        ])
        return Response.json(JSONObjectCoding.bytes(answer), requestID: requestID)
    }
}
