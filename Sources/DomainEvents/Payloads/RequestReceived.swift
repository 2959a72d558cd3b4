import CanonicalJSON
import Ledger

/// `request.received`: a request was accepted by the gateway.
public struct RequestReceived: EventPayload {
    public static let type = EventType.requestReceived
    /// 2 adds `team` and `tags` (absent in schema 1 events: no team, no tags); 3 adds `keys_seq`.
    public static let schema = 3

    public var requestID: String
    /// The id of the client API key used (never the key itself).
    public var apiKeyID: String?
    /// The team of the virtual key used; nil for environment keys and keyless requests.
    public var team: String?
    /// Attribution tags, sorted and unique: `key:value` from the request's `metadata`, and the
    /// `x-routeledger-tags` header's tags as sent.
    public var tags: [String]
    /// For a virtual key: the seq of the last key or team event the gateway had folded when it
    /// accepted the key — the key's settings and its team's budgets in force for the request are
    /// those of the events up to it (events appended while the request ran came too late for it).
    public var keysSeq: Int64?
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
        requestID: String, apiKeyID: String? = nil, team: String? = nil, tags: [String] = [], keysSeq: Int64? = nil,
        user: String? = nil, requestedModel: String? = nil,
        params: [String: JSONValue] = [:], messages: [JSONValue]?, estimatedPromptTokens: Int,
        endpoint: String = "chat.completions", origin: ImportOrigin? = nil
    ) {
        self.requestID = requestID
        self.apiKeyID = apiKeyID
        self.team = team
        self.tags = tags
        self.keysSeq = keysSeq
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
        case team, tags
        case keysSeq = "keys_seq"
        case user
        case requestedModel = "requested_model"
        case params
        case messages
        case estimatedPromptTokens = "estimated_prompt_tokens"
        case endpoint
        case origin
    }

    /// As the synthesized encoder, but with `tags` left out when empty (as the canonical JSON
    /// writes it, so schema-1 requests keep their bytes).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requestID, forKey: .requestID)
        try container.encodeIfPresent(apiKeyID, forKey: .apiKeyID)
        try container.encodeIfPresent(team, forKey: .team)
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
        try container.encodeIfPresent(keysSeq, forKey: .keysSeq)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(requestedModel, forKey: .requestedModel)
        try container.encode(params, forKey: .params)
        try container.encodeIfPresent(messages, forKey: .messages)
        try container.encode(estimatedPromptTokens, forKey: .estimatedPromptTokens)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encodeIfPresent(origin, forKey: .origin)
    }
}
