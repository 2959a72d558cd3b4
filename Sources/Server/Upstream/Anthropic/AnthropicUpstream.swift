import AsyncHTTPClient
import CanonicalJSON
import NIOCore
import NIOHTTP1
import Router

/// A provider that speaks Anthropic's Messages API (`POST {base_url}/messages`, `x-api-key` and
/// `anthropic-version` headers) behind the OpenAI chat-completions interface: requests are
/// translated by ``AnthropicRequest``, answers by ``AnthropicResponse`` and streams by
/// ``AnthropicStreamTranslator``; Anthropic's errors become failures with its documented status
/// (`overloaded_error` 529 and `rate_limit_error` 429 are retried elsewhere, invalid requests are
/// not).
///
/// Hand-written: the package mirror has no Anthropic client, and the gateway needs only this one
/// endpoint, as JSON it already parses.
struct AnthropicUpstream: UpstreamProvider {
    let http: UpstreamHTTP
    let baseURL: String
    /// The provider's key from its `api_key_env` variable; sent, never logged or recorded.
    let apiKey: String?
    let version: String
    let defaultMaxTokens: Int

    init(client: HTTPClient, provider: ProviderDefinition, environment: [String: String]) {
        http = UpstreamHTTP(client: client, timeout: .milliseconds(Int64(provider.timeoutMs)))
        var base = provider.baseURL ?? ProviderDefinition.anthropicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        apiKey = provider.apiKeyEnv.flatMap { environment[$0] }
        version = provider.anthropicVersion ?? ProviderDefinition.defaultAnthropicVersion
        defaultMaxTokens = provider.defaultMaxTokens ?? ProviderDefinition.defaultAnthropicMaxTokens
    }

    func complete(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        let response = try await send(call)
        let body = try await UpstreamHTTP.collect(response)
        guard let message = JSONObjectCoding.object(body.readableBytesView) else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "the response is not a JSON object")
        }
        guard let completion = AnthropicResponse.completion(message) else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "the response is not an Anthropic message with content")
        }
        return completion
    }

    /// Anthropic has no embeddings API; the configuration refuses embedding models on this kind,
    /// so this is reached only by a call built by hand.
    func embed(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        throw UpstreamFailure(
            kind: .status, status: 400, message: "Anthropic providers serve no embeddings", errorType: "invalid_request_error")
    }

    /// Returns once the stream's `message_start` has arrived, so an `error` event that comes
    /// first (an overloaded model) fails over like an error status would.
    func stream(_ call: UpstreamCall) async throws -> UpstreamChunks {
        let response = try await send(call)
        let (chunks, continuation) = UpstreamChunks.makeStream()
        let (accepted, acceptance) = AsyncThrowingStream<Void, any Error>.makeStream()
        let includeUsage = ChatCompletionBody.asksForUsage(call.body)
        let reader = Task {
            var decoder = ServerSentEventDecoder()
            var translator = AnthropicStreamTranslator(includeUsage: includeUsage)
            func relay(_ data: String) throws {
                guard let event = JSONObjectCoding.object(data.utf8) else {
                    throw UpstreamFailure(kind: .malformed, status: 200, message: "a stream event is not a JSON object")
                }
                let wasStarted = translator.hasStarted
                for chunk in try translator.chunks(for: event) { continuation.yield(chunk) }
                if !wasStarted && translator.hasStarted { acceptance.finish() }
            }
            do {
                for try await buffer in response.body {
                    for data in decoder.feed(buffer.readableBytesView) { try relay(data) }
                }
                for data in decoder.finish() { try relay(data) }
                try translator.finish()
                continuation.finish()
            } catch {
                let failure = UpstreamHTTP.failure(error)
                acceptance.finish(throwing: failure)
                continuation.finish(throwing: failure)
            }
        }
        // The client went away or the gateway stopped reading: drop the upstream request.
        continuation.onTermination = { _ in reader.cancel() }
        do {
            try await withTaskCancellationHandler {
                for try await _ in accepted {}
                try Task.checkCancellation()
            } onCancel: {
                reader.cancel()
            }
        } catch {
            reader.cancel()
            throw UpstreamHTTP.failure(error)
        }
        return chunks
    }

    /// Translates the call's OpenAI body and posts it to `/messages`; a body that cannot be
    /// translated is the request's own fault (400, not retried elsewhere).
    private func send(_ call: UpstreamCall) async throws -> HTTPClientResponse {
        let body: [String: JSONValue]
        do {
            body = try AnthropicRequest.body(call.body, defaultMaxTokens: defaultMaxTokens)
        } catch {
            throw UpstreamFailure(
                kind: .status, status: 400, message: "cannot be sent to Anthropic: \(error.message)",
                errorType: "invalid_request_error")
        }
        return try await http.post(
            "\(baseURL)/messages", headers: headers(), body: JSONObjectCoding.bytes(body), describeError: Self.failure)
    }

    /// `GET {base_url}/models`: Anthropic's model list, for health probes.
    func listModels() async throws {
        try await http.getModelList("\(baseURL)/models", headers: headers(), describeError: Self.failure)
    }

    private func headers() -> HTTPHeaders {
        var headers: HTTPHeaders = ["content-type": "application/json", "anthropic-version": version]
        if let apiKey { headers.add(name: "x-api-key", value: apiKey) }
        return headers
    }

    /// The failure for an error status: Anthropic's error type and message when it sent its error
    /// object, else an excerpt of the body.
    private static func failure(_ body: ByteBuffer?, status: HTTPResponseStatus) -> UpstreamFailure {
        if let body, let object = JSONObjectCoding.object(body.readableBytesView),
            let failure = AnthropicErrorType.failure(object, status: Int(status.code))
        {
            return failure
        }
        return UpstreamFailure(kind: .status, status: Int(status.code), message: UpstreamHTTP.excerpt(body, status: status))
    }
}
