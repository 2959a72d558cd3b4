import CanonicalJSON
import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Router

/// `POST /v1/chat/completions`: parse, route, forward with failover, record, answer (SPEC sections
/// 3 and 4). A response is finished only after its events are acknowledged: an answer's events are
/// appended in one batch when it is ready (one commit per request); a stream's opening events are
/// appended while the upstream starts, its closing ones before `[DONE]`.
struct ChatCompletionsController: Sendable {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.post("chat/completions") { request, context in
            try await complete(request, context: context)
        }
    }

    func complete(_ request: Request, context: GatewayContext) async throws -> Response {
        let started = ContinuousClock.now
        let buffer = try await request.body.collect(upTo: gateway.config.server.maxBodyBytes)
        let body = try ChatCompletionBody(json: Array(buffer.readableBytesView))
        let tags = try RequestTags.read(body.fields, headers: request.headers)
        let requestID = UUIDv7.make().uuidString.lowercased()
        let decision = try await routingDecision(for: body)
        let events = RequestEvents(requestID: requestID, redaction: gateway.config.redaction)
        let opening = [
            events.received(
                body, caller: context.caller, tags: tags, promptTokens: decision.features.tokenCount, endpoint: "chat.completions"),
            events.decided(decision),
        ]
        let gateway = gateway
        let admitted = try await gateway.limits.admit(
            caller: context.caller, requestID: requestID, promptTokens: decision.features.tokenCount,
            maxCostUSD: gateway.maxCost(
                model: decision.chosenModel, promptTokens: decision.features.tokenCount, outputTokens: body.maxOutputTokens,
                choices: body.choiceCount))
        let makeCall = { (model: ModelDefinition, provider: ProviderDefinition, attempt: Int) in
            UpstreamCall(
                requestID: requestID, model: model, provider: provider, body: body.upstreamBody(model: model.upstreamModel),
                path: "chat/completions", messages: body.messages, attempt: attempt)
        }
        if body.stream {
            // Recorded while the upstream starts; the first chunk waits for it.
            let openingRecorded = Task { try await gateway.record(opening) }
            let success: FailoverExecutor.Success<UpstreamChunks>
            do {
                success = try await gateway.failover.run(model: decision.chosenModel, requestID: requestID, makeCall: makeCall) {
                    try await $0.stream($1)
                }
            } catch {
                await admitted?.settle(costUSD: 0, tokens: 0)
                _ = try await openingRecorded.value
                throw try await FailoverExhaustion.recordedClientError(error, gateway: gateway, events: events, requestID: requestID)
            }
            do {
                _ = try await openingRecorded.value
            } catch {
                await admitted?.settle(costUSD: 0, tokens: 0)
                throw error
            }
            let stream = StreamRelay(
                gateway: gateway, events: events, body: body, decision: decision, success: success, started: started,
                admitted: admitted)
            return Response(
                status: .ok, headers: .answer(contentType: "text/event-stream", requestID: requestID), body: stream.responseBody)
        }
        let success: FailoverExecutor.Success<[String: JSONValue]>
        do {
            success = try await gateway.failover.run(model: decision.chosenModel, requestID: requestID, makeCall: makeCall) {
                try await $0.complete($1)
            }
        } catch {
            await admitted?.settle(costUSD: 0, tokens: 0)
            throw try await FailoverExhaustion.recordedClientError(
                error, gateway: gateway, events: events, requestID: requestID, after: opening)
        }
        var answer = success.value
        let completion = Self.completionRecord(
            of: answer, success: success, decision: decision, messages: body.messages, started: started)
        // Settled before the append: counted even if the ledger then fails.
        await admitted?.settle(
            costUSD: completion.costUSD, tokens: completion.inputTokens + completion.outputTokens)
        try await gateway.record(opening + success.setbacks.map(events.setback) + [events.succeeded(completion)])
        answer["routing"] = RoutingSummary(
            requestID: requestID, decision: decision, servedBy: success.model, provider: success.provider,
            attempts: success.attempt
        ).json
        return Response.json(JSONObjectCoding.bytes(answer), requestID: requestID)
    }

    /// The decision, timed (a classifier service's call included); malformed `router-…` strings
    /// are 400, unknown models 404.
    private func routingDecision(for body: ChatCompletionBody) async throws(OpenAIError) -> RoutingDecided {
        let started = ContinuousClock.now
        var decision: RoutingDecided
        do {
            if let service = gateway.classifierService {
                decision = try gateway.router.route(
                    messages: body.messages, requestedModel: body.requestedModel,
                    service: await service.classify(body.messages), latencySnapshot: gateway.latencies.snapshot())
            } else {
                decision = try gateway.router.route(
                    messages: body.messages, requestedModel: body.requestedModel, latencySnapshot: gateway.latencies.snapshot())
            }
        } catch {
            throw error.code == .unknownModel
                ? .notFound(error.message, param: "model", code: "model_not_found")
                : .invalidRequest(error.message, param: "model", code: error.code.description)
        }
        decision.routingLatencyMicroseconds = Int((ContinuousClock.now - started).milliseconds * 1_000)
        return decision
    }

    /// What a non-streamed answer is recorded with: the provider's usage when it sent one, else
    /// counts by the serving model's tokenizer (marked estimated).
    private static func completionRecord(
        of answer: [String: JSONValue], success: FailoverExecutor.Success<[String: JSONValue]>,
        decision: RoutingDecided, messages: [ChatMessage], started: ContinuousClock.Instant
    ) -> CompletionRecord {
        var text: String?
        var finishReason: String?
        if case .array(let choices)? = answer["choices"], case .object(let first)? = choices.first {
            if case .object(let message)? = first["message"], case .string(let content)? = message["content"] {
                text = content
            }
            if case .string(let reason)? = first["finish_reason"] { finishReason = reason }
        }
        let usage = TokenUsage(answer["usage"])
        var responseID: String?
        if case .string(let id)? = answer["id"] { responseID = id }
        return CompletionRecord(
            model: success.model, provider: success.provider, responseID: responseID,
            inputTokens: usage?.prompt ?? success.model.promptTokens(messages, routedCount: decision.features.tokenCount),
            outputTokens: usage?.completion ?? Tokenizer.shared(success.model.encoding).count(text ?? ""),
            tokensCountedByProvider: usage != nil, latencyMilliseconds: (ContinuousClock.now - started).milliseconds,
            timeToFirstTokenMilliseconds: nil, finishReason: finishReason, text: text)
    }
}

/// The `usage` object of an OpenAI response or final stream chunk.
struct TokenUsage: Sendable, Equatable {
    var prompt: Int
    var completion: Int

    init?(_ value: JSONValue?) {
        guard case .object(let usage)? = value, case .int(let prompt)? = usage["prompt_tokens"],
            case .int(let completion)? = usage["completion_tokens"]
        else { return nil }
        self.prompt = Int(prompt)
        self.completion = Int(completion)
    }
}
