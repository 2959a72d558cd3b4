import AsyncHTTPClient
import CanonicalJSON
import NIOCore
import NIOHTTP1
import Router

/// A provider that speaks the OpenAI HTTP API (`POST {base_url}/chat/completions`), called through
/// a shared AsyncHTTPClient with pooled connections. Ollama, vLLM and other OpenAI-compatible
/// servers are this kind too.
struct OpenAIUpstream: UpstreamProvider {
    let http: UpstreamHTTP
    let baseURL: String
    /// The provider's key from its `api_key_env` variable; sent, never logged or recorded.
    let apiKey: String?

    init(client: HTTPClient, provider: ProviderDefinition, environment: [String: String]) {
        http = UpstreamHTTP(client: client, timeout: .milliseconds(Int64(provider.timeoutMs)))
        var base = provider.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        apiKey = provider.apiKeyEnv.flatMap { environment[$0] }
    }

    func complete(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        let object = try await post(call)
        // A 200 without a choice is no answer: another provider may give one.
        guard case .array(let choices)? = object["choices"], !choices.isEmpty else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "the response has no choices")
        }
        return object
    }

    /// The same JSON POST as a completion, to `{base_url}/embeddings`.
    func embed(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        try await post(call)
    }

    func stream(_ call: UpstreamCall) async throws -> UpstreamChunks {
        let response = try await send(call)
        return UpstreamChunks { continuation in
            let reader = Task {
                var decoder = ServerSentEventDecoder()
                do {
                    for try await buffer in response.body {
                        for data in decoder.feed(buffer.readableBytesView) {
                            guard try Self.yield(data, to: continuation) else { return }
                        }
                    }
                    for data in decoder.finish() {
                        guard try Self.yield(data, to: continuation) else { return }
                    }
                    // The connection closed before `[DONE]`: the answer may be cut short.
                    continuation.finish(throwing: UpstreamFailure(
                        kind: .connection, status: nil, message: "the stream ended before [DONE]"))
                } catch {
                    continuation.finish(throwing: UpstreamHTTP.failure(error))
                }
            }
            // The client went away or the gateway stopped reading: drop the upstream request.
            continuation.onTermination = { _ in reader.cancel() }
        }
    }

    /// The models the provider lists (`GET {base_url}/models`), for health probes.
    func listModels() async throws {
        try await http.getModelList("\(baseURL)/models", headers: headers(requestID: nil), describeError: Self.failure)
    }

    /// Yields one event's chunk; false after `[DONE]`.
    private static func yield(_ data: String, to continuation: UpstreamChunks.Continuation) throws -> Bool {
        if data == "[DONE]" {
            continuation.finish()
            return false
        }
        guard let chunk = JSONObjectCoding.object(data.utf8) else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "a stream chunk is not a JSON object")
        }
        continuation.yield(chunk)
        return true
    }

    private func post(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        let body = try await UpstreamHTTP.collect(try await send(call))
        guard let object = JSONObjectCoding.object(body.readableBytesView) else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "the response is not a JSON object")
        }
        return object
    }

    /// Sends the request and returns the response once its status is 2xx.
    private func send(_ call: UpstreamCall) async throws -> HTTPClientResponse {
        try await http.post(
            "\(baseURL)/\(call.path)", headers: headers(requestID: call.requestID),
            body: JSONObjectCoding.bytes(call.body), describeError: Self.failure)
    }

    private func headers(requestID: String?) -> HTTPHeaders {
        var headers: HTTPHeaders = ["content-type": "application/json"]
        if let requestID { headers.add(name: "x-request-id", value: requestID) }
        if let apiKey { headers.add(name: "authorization", value: "Bearer \(apiKey)") }
        return headers
    }

    /// The failure for an error status: the upstream's own message and type when it sent an OpenAI
    /// envelope, else an excerpt of the body.
    private static func failure(_ body: ByteBuffer?, status: HTTPResponseStatus) -> UpstreamFailure {
        if let body, let object = JSONObjectCoding.object(body.readableBytesView),
            case .object(let error)? = object["error"], case .string(let message)? = error["message"]
        {
            return UpstreamFailure(
                kind: .status, status: Int(status.code), message: String(message.prefix(UpstreamHTTP.errorExcerptBytes)),
                errorType: error["type"]?.stringValue)
        }
        return UpstreamFailure(kind: .status, status: Int(status.code), message: UpstreamHTTP.excerpt(body, status: status))
    }
}
