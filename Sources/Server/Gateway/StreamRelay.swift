import CanonicalJSON
import DomainEvents
import HTTPTypes
import Hummingbird
import Router

/// Relays an upstream's stream to the client as server-sent events, chunk by chunk as they arrive:
/// the first chunk carries the `routing` object, the time to first token is measured, usage comes
/// from the upstream's final chunk (or is counted and marked estimated), and `data: [DONE]` is
/// sent only after the request's events are acknowledged. A client that hangs up ends the
/// upstream request, and the completion is recorded with finish reason `cancelled`.
struct StreamRelay: Sendable {
    let gateway: Gateway
    let events: RequestEvents
    let body: ChatCompletionBody
    let decision: RoutingDecided
    let success: FailoverExecutor.Success<UpstreamChunks>
    let started: ContinuousClock.Instant
    /// The request's budget and rate-limit admission, settled once the stream ended.
    let admitted: AdmittedRequest?

    /// What the relay saw of the stream.
    private struct Observed {
        var responseID: String?
        var text = ""
        var finishReason: String?
        var usage: TokenUsage?
        var timeToFirstToken: Double?
        var clientLeft = false
        var upstreamFailure: UpstreamFailure?
    }

    var responseBody: ResponseBody {
        ResponseBody { writer in
            var observed = Observed()
            await relay(to: &writer, observed: &observed)
            try await finish(&writer, observed: observed)
        }
    }

    private func relay(to writer: inout any ResponseBodyWriter, observed: inout Observed) async {
        let summary = RoutingSummary(
            requestID: events.requestID, decision: decision, servedBy: success.model, provider: success.provider,
            attempts: success.attempt
        ).json
        do {
            for try await upstreamChunk in success.value {
                var chunk = upstreamChunk
                observe(chunk, into: &observed)
                let choices: [JSONValue] = if case .array(let list)? = chunk["choices"] { list } else { [] }
                // The usage chunk the gateway asked for on its own account is not the client's.
                if choices.isEmpty && chunk["usage"] != nil && !body.clientWantsUsage { continue }
                if !body.clientWantsUsage && body.fields["stream_options"] == nil { chunk["usage"] = nil }
                if observed.timeToFirstToken == nil {
                    observed.timeToFirstToken = (ContinuousClock.now - started).milliseconds
                    chunk["routing"] = summary
                }
                do {
                    try await writer.write(Self.event(JSONObjectCoding.bytes(chunk)))
                } catch {
                    observed.clientLeft = true
                    return  // leaving the loop ends the upstream request
                }
            }
        } catch {
            if Task.isCancelled {
                observed.clientLeft = true
            } else {
                observed.upstreamFailure = UpstreamHTTP.failure(error)
            }
        }
    }

    private func observe(_ chunk: [String: JSONValue], into observed: inout Observed) {
        if observed.responseID == nil, case .string(let id)? = chunk["id"] { observed.responseID = id }
        if let usage = TokenUsage(chunk["usage"]) { observed.usage = usage }
        guard case .array(let choices)? = chunk["choices"], case .object(let first)? = choices.first else { return }
        if case .object(let delta)? = first["delta"], case .string(let content)? = delta["content"] {
            observed.text += content
        }
        if case .string(let reason)? = first["finish_reason"] { observed.finishReason = reason }
    }

    /// Records the request's last events, then ends the stream: with `[DONE]`, or with an error
    /// event (and no `[DONE]`) if the upstream broke off.
    private func finish(_ writer: inout any ResponseBodyWriter, observed: Observed) async throws {
        var closing = success.setbacks.map(events.setback)
        if let failure = observed.upstreamFailure, !observed.clientLeft {
            let error = OpenAIError(
                status: .badGateway, message: "the upstream stream broke off: \(failure)", type: "api_error",
                code: "upstream_stream_failed", requestID: events.requestID)
            closing.append(events.failedForGood(error, attempts: success.attempt))
            // What was streamed before the break may be billed: it counts against the budget.
            let partial = completion(observed)
            await admitted?.settle(costUSD: partial.costUSD, tokens: partial.inputTokens + partial.outputTokens)
            try await gateway.record(closing)
            // The stream ends with the error: `[DONE]` would tell the client it completed.
            try? await writer.write(Self.event(error.envelope))
            try await writer.finish(nil)
            return
        } else {
            let completion = completion(observed)
            closing.append(events.succeeded(completion))
            // Settled before the append: counted even if the ledger then fails.
            await admitted?.settle(
                costUSD: completion.costUSD, tokens: completion.inputTokens + completion.outputTokens)
            try await gateway.record(closing)
        }
        guard !observed.clientLeft else { return }
        try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
        try await writer.finish(nil)
    }

    /// The stream's completion as seen: usage from the upstream's usage chunk, else counted by the
    /// model's tokenizer (so a stream without usage is charged by that count).
    private func completion(_ observed: Observed) -> CompletionRecord {
        CompletionRecord(
            model: success.model, provider: success.provider, responseID: observed.responseID,
            inputTokens: observed.usage?.prompt
                ?? success.model.promptTokens(body.messages, routedCount: decision.features.tokenCount),
            outputTokens: observed.usage?.completion ?? Tokenizer.shared(success.model.encoding).count(observed.text),
            tokensCountedByProvider: observed.usage != nil,
            latencyMilliseconds: (ContinuousClock.now - started).milliseconds,
            timeToFirstTokenMilliseconds: observed.timeToFirstToken,
            finishReason: observed.clientLeft ? "cancelled" : observed.finishReason, text: observed.text)
    }

    /// One SSE event carrying `json`.
    private static func event(_ json: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.count + 8)
        buffer.writeString("data: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }
}
