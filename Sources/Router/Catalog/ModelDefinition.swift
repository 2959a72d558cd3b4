/// A model clients can be routed to: which provider serves it, its tier and its prices.
public struct ModelDefinition: Codable, Equatable, Sendable {
    /// The name clients send and events record.
    public var name: String
    /// The provider serving it.
    public var provider: String
    /// The model id sent upstream (defaults to `name`).
    public var upstreamModel: String
    /// Chat (routed by tier) or embedding (called by name).
    public var kind: ModelKind
    /// The tier strategies route to it for (chat models; embedding models keep `simple` and are
    /// never routed to).
    public var tier: Tier
    /// USD per 1,000 prompt tokens.
    public var inputPricePer1K: Double
    /// USD per 1,000 completion tokens.
    public var outputPricePer1K: Double
    /// The most tokens (prompt + completion) it accepts.
    public var contextWindow: Int
    /// The most tokens it writes in one answer, as configured (`max_output_tokens`).
    public var maxOutputTokens: Int?
    /// The most tokens it writes in one answer: `max_output_tokens`, else 4,096 (or the context
    /// window when smaller). A budget reserves this much output for a request without `max_tokens`.
    public var outputCap: Int { maxOutputTokens ?? min(4_096, contextWindow) }
    /// Its fallback group: models of one group stand in for each other (defaults to the tier name).
    public var group: String
    /// The encoding its tokens are counted with when the provider reports none, as configured;
    /// nil: by family (see ``encoding``).
    public var tokenizer: EncodingName?

    /// The encoding its tokens are counted with: `tokenizer`, else `o200k_base` for the GPT-4o,
    /// GPT-4.1, GPT-5 and o-series families (by `upstream_model` or name), else `cl100k_base`.
    public var encoding: EncodingName {
        if let tokenizer { return tokenizer }
        let families = ["gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4"]
        for id in [upstreamModel, name] {
            let lowered = id.lowercased()
            if families.contains(where: { lowered == $0 || lowered.hasPrefix($0 + "-") || lowered.hasPrefix($0 + ".") }) {
                return .o200kBase
            }
        }
        return .cl100kBase
    }

    /// A model; `upstreamModel` defaults to `name` and `group` to the tier name (`embedding` for
    /// embedding models).
    public init(
        name: String, provider: String, upstreamModel: String? = nil, kind: ModelKind = .chat, tier: Tier,
        inputPricePer1K: Double, outputPricePer1K: Double, contextWindow: Int, group: String? = nil,
        tokenizer: EncodingName? = nil
    ) {
        self.name = name
        self.provider = provider
        self.upstreamModel = upstreamModel ?? name
        self.kind = kind
        self.tier = tier
        self.inputPricePer1K = inputPricePer1K
        self.outputPricePer1K = outputPricePer1K
        self.contextWindow = contextWindow
        self.group = group ?? (kind == .embedding ? ModelKind.embedding.rawValue : tier.rawValue)
        self.tokenizer = tokenizer
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, provider, kind, tier, group, tokenizer
        case upstreamModel = "upstream_model"
        case inputPricePer1K = "input_price_per_1k"
        case outputPricePer1K = "output_price_per_1k"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
    }

    /// Decodes one `models` entry, rejecting unknown keys and tier names other than simple, medium,
    /// complex. An embedding model (`kind: embedding`) needs no tier and no output price.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        provider = try container.decode(String.self, forKey: .provider)
        upstreamModel = try container.value(.upstreamModel, or: name)
        let kindName = try container.value(.kind, or: ModelKind.chat.rawValue)
        guard let kind = ModelKind(rawValue: kindName) else {
            throw ConfigDecodingProblem(
                code: .badModelKind, codingPath: container.codingPath + [CodingKeys.kind],
                reason: "unknown model kind \"\(kindName)\" (expected chat or embedding)")
        }
        self.kind = kind
        let isEmbedding = kind == .embedding
        let tierName = isEmbedding
            ? try container.value(.tier, or: Tier.simple.rawValue) : try container.decode(String.self, forKey: .tier)
        guard let tier = Tier(name: tierName) else {
            throw ConfigDecodingProblem(
                code: .badTier, codingPath: container.codingPath + [CodingKeys.tier],
                reason: "unknown tier \"\(tierName)\" (expected simple, medium or complex)"
            )
        }
        self.tier = tier
        inputPricePer1K = try container.decode(Double.self, forKey: .inputPricePer1K)
        outputPricePer1K = isEmbedding
            ? try container.value(.outputPricePer1K, or: 0) : try container.decode(Double.self, forKey: .outputPricePer1K)
        contextWindow = try container.value(.contextWindow, or: isEmbedding ? 8_192 : 128_000)
        maxOutputTokens = try container.decodeIfPresent(Int.self, forKey: .maxOutputTokens)
        if let maxOutputTokens, maxOutputTokens < 1 {
            throw ConfigDecodingProblem(
                code: .invalidValue, codingPath: container.codingPath + [CodingKeys.maxOutputTokens],
                reason: "max_output_tokens must be at least 1")
        }
        group = try container.value(.group, or: isEmbedding ? kind.rawValue : tier.rawValue)
        if let name = try container.decodeIfPresent(String.self, forKey: .tokenizer) {
            guard let encoding = EncodingName(rawValue: name) else {
                throw ConfigDecodingProblem(
                    code: .invalidValue, codingPath: container.codingPath + [CodingKeys.tokenizer],
                    reason: "unknown tokenizer \"\(name)\" (expected cl100k_base or o200k_base)")
            }
            tokenizer = encoding
        }
    }
}
