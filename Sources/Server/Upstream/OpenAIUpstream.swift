import AsyncHTTPClient
import CanonicalJSON
import NIOCore
import NIOHTTP1
import Router

/// A provider that speaks the OpenAI HTTP API (`POST {base_url}/chat/completions`), called through
/// a shared AsyncHTTPClient with pooled connections.
struct OpenAIUpstream: UpstreamProvider {
    let client: HTTPClient
    let baseURL: String
    /// The provider's key from its `api_key_env` variable; sent, never logged or recorded.
    let apiKey: String?
    let timeout: TimeAmount

    /// Upstream error bodies are cut to this many bytes in messages and events.
    static let errorExcerptBytes = 300

    init(client: HTTPClient, provider: ProviderDefinition, environment: [String: String]) {
        self.client = client
        var base = provider.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        apiKey = provider.apiKeyEnv.flatMap { environment[$0] }
        timeout = .milliseconds(Int64(provider.timeoutMs))
    }

    func complete(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        let response = try await send(call)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        } catch {
            throw Self.failure(error)
        }
        guard let object = JSONObjectCoding.object(body.readableBytesView) else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "the response is not a JSON object")
        }
        return object
    }

    /// The same JSON POST as a completion, to `{base_url}/embeddings`.
    func embed(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        try await complete(call)
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
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: Self.failure(error))
                }
            }
            // The client went away or the gateway stopped reading: drop the upstream request.
            continuation.onTermination = { _ in reader.cancel() }
        }
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

    /// Sends the request and returns the response once its status is 2xx.
    private func send(_ call: UpstreamCall) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: "\(baseURL)/\(call.path)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-request-id", value: call.requestID)
        if let apiKey { request.headers.add(name: "authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: JSONObjectCoding.bytes(call.body)))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw Self.failure(error)
        }
        guard (200..<300).contains(response.status.code) else {
            let excerpt = try? await response.body.collect(upTo: 64 * 1024)
            throw UpstreamFailure(
                kind: .status, status: Int(response.status.code),
                message: Self.errorMessage(excerpt, status: response.status))
        }
        return response
    }

    /// The upstream's own error message when it sent an OpenAI envelope, else an excerpt.
    private static func errorMessage(_ body: ByteBuffer?, status: HTTPResponseStatus) -> String {
        guard let body, body.readableBytes > 0 else { return "upstream answered \(status.code)" }
        if let object = JSONObjectCoding.object(body.readableBytesView),
            case .object(let error)? = object["error"], case .string(let message)? = error["message"]
        {
            return String(message.prefix(errorExcerptBytes))
        }
        return "upstream answered \(status.code): " + String(String(buffer: body).prefix(errorExcerptBytes))
    }

    /// An AsyncHTTPClient error as a failure kind.
    static func failure(_ error: any Error) -> UpstreamFailure {
        if let failure = error as? UpstreamFailure { return failure }
        if let error = error as? HTTPClientError,
            error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            return UpstreamFailure(kind: .timeout, status: nil, message: "the upstream did not answer in time")
        }
        if error is CancellationError {
            return UpstreamFailure(kind: .connection, status: nil, message: "cancelled")
        }
        return UpstreamFailure(kind: .connection, status: nil, message: "connection failed: \(type(of: error))")
    }
}
