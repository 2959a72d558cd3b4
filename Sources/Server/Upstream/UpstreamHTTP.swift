import CanonicalJSON
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The HTTP exchange every networked provider shares: POST a JSON body through the shared
/// AsyncHTTPClient within the provider's timeout, and turn transport errors and non-2xx answers
/// into ``UpstreamFailure``s (the provider kind reads its own error bodies).
struct UpstreamHTTP: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    /// Upstream error bodies are cut to this many bytes in messages and events.
    static let errorExcerptBytes = 300

    /// Sends `body` to `url` and returns the response once its status is 2xx; otherwise throws
    /// `describeError(body excerpt, status)`.
    func post(
        _ url: String, headers: HTTPHeaders, body: [UInt8],
        describeError: (ByteBuffer?, HTTPResponseStatus) -> UpstreamFailure
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await execute(request, describeError: describeError)
    }

    /// `GET url` of a model list (health probes): any 2xx whose body is a JSON object with a `data`
    /// array, as both OpenAI and Anthropic list models; otherwise a failure.
    func getModelList(
        _ url: String, headers: HTTPHeaders, describeError: (ByteBuffer?, HTTPResponseStatus) -> UpstreamFailure
    ) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers = headers
        let body = try await Self.collect(try await execute(request, describeError: describeError))
        guard let object = JSONObjectCoding.object(body.readableBytesView), case .array? = object["data"] else {
            throw UpstreamFailure(kind: .malformed, status: 200, message: "the model list is not a list of models")
        }
    }

    private func execute(
        _ request: HTTPClientRequest, describeError: (ByteBuffer?, HTTPResponseStatus) -> UpstreamFailure
    ) async throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw Self.failure(error)
        }
        guard (200..<300).contains(response.status.code) else {
            let excerpt = try? await response.body.collect(upTo: 64 * 1024)
            throw describeError(excerpt, response.status)
        }
        return response
    }

    /// The whole body of a 2xx response, at most 64 MiB.
    static func collect(_ response: HTTPClientResponse) async throws -> ByteBuffer {
        do {
            return try await response.body.collect(upTo: 64 * 1024 * 1024)
        } catch {
            throw failure(error)
        }
    }

    /// The start of an error body that is not the provider's JSON error.
    static func excerpt(_ body: ByteBuffer?, status: HTTPResponseStatus) -> String {
        guard let body, body.readableBytes > 0 else { return "upstream answered \(status.code)" }
        return "upstream answered \(status.code): " + String(String(buffer: body).prefix(errorExcerptBytes))
    }

    /// An AsyncHTTPClient error (or a failure already classified) as a failure kind.
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
