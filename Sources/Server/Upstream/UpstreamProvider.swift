import CanonicalJSON
import Router

/// One attempt at one model: what the gateway asks a provider.
struct UpstreamCall: Sendable {
    var requestID: String
    var model: ModelDefinition
    var provider: ProviderDefinition
    /// The client's body with `model` set to the upstream model id.
    var body: [String: JSONValue]
    /// The OpenAI path below the provider's base URL, e.g. `chat/completions`.
    var path: String
    /// The messages (for embeddings, each input as a user message), for providers that answer in-process.
    var messages: [ChatMessage]
    /// 1 for the first attempt of the request, counting across models.
    var attempt: Int
}

/// The chunks of a streamed completion, each the JSON object of one `data:` line, in order; the
/// sequence ends at `data: [DONE]` or when the upstream closes.
typealias UpstreamChunks = AsyncThrowingStream<[String: JSONValue], any Error>

/// A provider the gateway forwards to: an OpenAI-compatible API, Anthropic's Messages API, or the
/// simulated one. Each answers in OpenAI's shapes whatever its own API speaks.
protocol UpstreamProvider: Sendable {
    /// The completion's JSON object; throws `UpstreamFailure`.
    func complete(_ call: UpstreamCall) async throws -> [String: JSONValue]
    /// The chunks of a streamed completion, returned once the upstream has accepted the request
    /// (failures before that are thrown as `UpstreamFailure`, so another model can be tried).
    func stream(_ call: UpstreamCall) async throws -> UpstreamChunks
    /// The embeddings response's JSON object (`call.path` is `embeddings`); throws `UpstreamFailure`.
    func embed(_ call: UpstreamCall) async throws -> [String: JSONValue]
    /// Lists the provider's models (`GET {base_url}/models`), for health probes: proves the address
    /// and the key without spending tokens; throws `UpstreamFailure`.
    func listModels() async throws
}

/// Why an attempt failed, classified for failover, the breaker and the ledger.
struct UpstreamFailure: Error, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        /// The provider took longer than its `timeout_ms`.
        case timeout
        /// No connection, or it broke.
        case connection
        /// The provider answered with an error status.
        case status
        /// The provider answered 200 with something that is not an OpenAI response.
        case malformed
    }

    var kind: Kind
    var status: Int?
    /// What went wrong, without secrets (provider error bodies are cut to a few hundred bytes).
    var message: String
    /// The provider's error type in OpenAI's words (`invalid_request_error`, `authentication_error`,
    /// …) when it named one; what a client is told for a failure that is its request's fault.
    var errorType: String? = nil

    /// Worth another attempt here or elsewhere: timeouts, connection errors, 408, 409, 429 and 5xx.
    /// Any other 4xx is the request's own fault and goes back to the client as it is.
    var isRetryable: Bool {
        guard kind == .status, let status else { return true }
        return status >= 500 || status == 408 || status == 409 || status == 429
    }

    /// The class errors are counted under: the kind, with the status for `status` (`status 503`).
    var errorClass: String {
        guard kind == .status, let status else { return kind.rawValue }
        return "status \(status)"
    }

    var description: String { "\(kind.rawValue)\(status.map { " \($0)" } ?? ""): \(message)" }
}
