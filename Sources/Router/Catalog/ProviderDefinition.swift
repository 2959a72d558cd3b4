/// An upstream that serves models: an OpenAI-compatible API, Anthropic's Messages API, or the
/// built-in simulated provider.
///
/// Holds the NAME of the environment variable with the API key, never the key, so a
/// definition can be written to the ledger and hashed.
public struct ProviderDefinition: Codable, Equatable, Sendable {
    /// How the gateway talks to a provider.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// An OpenAI-compatible HTTP API (`POST {base_url}/chat/completions`).
        case openai
        /// Anthropic's Messages API (`POST {base_url}/messages`), translated to and from OpenAI's shapes.
        case anthropic
        /// In-process fake answers with configured latency and failures; needs no key or network.
        case simulated
    }

    /// The name models refer to.
    public var name: String
    /// How to talk to it.
    public var kind: Kind
    /// The API root, e.g. `https://api.openai.com/v1`; nil for simulated providers.
    public var baseURL: String?
    /// The name of the environment variable holding the API key.
    public var apiKeyEnv: String?
    /// Lower is tried first when models of the same group are interchangeable (LiteLLM's `order`).
    public var priority: Int
    /// How long one upstream call may take.
    public var timeoutMs: Int
    /// Simulated only: total answer latency.
    public var latencyMs: Int?
    /// Simulated only: time to the first streamed token.
    public var ttftMs: Int?
    /// Simulated only: share of calls that fail, in [0, 1].
    public var failureRate: Double?
    /// Anthropic only: the `anthropic-version` header (default ``defaultAnthropicVersion``).
    public var anthropicVersion: String?
    /// Anthropic only: `max_tokens` when a client sends none (Anthropic requires it; default
    /// ``defaultAnthropicMaxTokens``).
    public var defaultMaxTokens: Int?
    /// Background probes feeding the breaker; nil: none.
    public var healthCheck: HealthCheckSettings?

    /// Anthropic's API root, used when an `anthropic` provider names no `base_url`.
    public static let anthropicBaseURL = "https://api.anthropic.com/v1"
    /// The Messages API version sent by default.
    public static let defaultAnthropicVersion = "2023-06-01"
    /// `max_tokens` for Anthropic requests that name none.
    public static let defaultAnthropicMaxTokens = 4_096

    /// A provider; simulated-only fields must be nil for other kinds.
    public init(
        name: String, kind: Kind, baseURL: String? = nil, apiKeyEnv: String? = nil, priority: Int = 0,
        timeoutMs: Int = 60_000, latencyMs: Int? = nil, ttftMs: Int? = nil, failureRate: Double? = nil,
        anthropicVersion: String? = nil, defaultMaxTokens: Int? = nil, healthCheck: HealthCheckSettings? = nil
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.priority = priority
        self.timeoutMs = timeoutMs
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.failureRate = failureRate
        self.anthropicVersion = anthropicVersion
        self.defaultMaxTokens = defaultMaxTokens
        self.healthCheck = healthCheck
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, priority
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
        case timeoutMs = "timeout_ms"
        case latencyMs = "latency_ms"
        case ttftMs = "ttft_ms"
        case failureRate = "failure_rate"
        case anthropicVersion = "anthropic_version"
        case defaultMaxTokens = "default_max_tokens"
        case healthCheck = "health_check"
    }

    /// Decodes one `providers` entry, rejecting unknown keys.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let kindName = try container.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: kindName) else {
            throw ConfigDecodingProblem(
                code: .invalidValue, codingPath: container.codingPath + [CodingKeys.kind],
                reason: "unknown provider kind \"\(kindName)\" (expected openai, anthropic or simulated)"
            )
        }
        self.kind = kind
        baseURL = try container.decodeIfPresent(String.self, forKey: .baseURL)
        apiKeyEnv = try container.decodeIfPresent(String.self, forKey: .apiKeyEnv)
        priority = try container.value(.priority, or: 0)
        timeoutMs = try container.value(.timeoutMs, or: 60_000)
        latencyMs = try container.decodeIfPresent(Int.self, forKey: .latencyMs)
        ttftMs = try container.decodeIfPresent(Int.self, forKey: .ttftMs)
        failureRate = try container.decodeIfPresent(Double.self, forKey: .failureRate)
        anthropicVersion = try container.decodeIfPresent(String.self, forKey: .anthropicVersion)
        defaultMaxTokens = try container.decodeIfPresent(Int.self, forKey: .defaultMaxTokens)
        healthCheck = try container.decodeIfPresent(HealthCheckSettings.self, forKey: .healthCheck)
    }
}
