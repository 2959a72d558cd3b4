import CanonicalJSON
import Ledger

/// `request.received`: a request was accepted by the gateway.
public struct RequestReceived: EventPayload {
    public static let type = EventType.requestReceived
    public static let schema = 1

    public var requestID: String
    /// The id of the client API key used (never the key itself).
    public var apiKeyID: String?
    public var user: String?
    /// The `model` string the client sent (`auto`, `router-complexity-0.4`, a model name, …).
    public var requestedModel: String?
    /// The sampling and control parameters (temperature, max_tokens, stream, …) as sent.
    public var params: [String: JSONValue]
    /// The chat messages as sent; nil when prompt redaction is on.
    public var messages: [JSONValue]?
    public var estimatedPromptTokens: Int
    /// The API endpoint (`chat.completions`, `embeddings`).
    public var endpoint: String
    /// For a request imported from another system's log: which record it was; nil for traffic
    /// the gateway served.
    public var origin: ImportOrigin?

    public init(
        requestID: String, apiKeyID: String? = nil, user: String? = nil, requestedModel: String? = nil,
        params: [String: JSONValue] = [:], messages: [JSONValue]?, estimatedPromptTokens: Int,
        endpoint: String = "chat.completions", origin: ImportOrigin? = nil
    ) {
        self.requestID = requestID
        self.apiKeyID = apiKeyID
        self.user = user
        self.requestedModel = requestedModel
        self.params = params
        self.messages = messages
        self.estimatedPromptTokens = estimatedPromptTokens
        self.endpoint = endpoint
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case apiKeyID = "api_key_id"
        case user
        case requestedModel = "requested_model"
        case params
        case messages
        case estimatedPromptTokens = "estimated_prompt_tokens"
        case endpoint
        case origin
    }
}
