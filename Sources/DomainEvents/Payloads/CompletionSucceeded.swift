import CanonicalJSON
import Ledger

/// `completion.succeeded`: the response was delivered; tokens, cost and timings are final.
public struct CompletionSucceeded: EventPayload {
    public static let type = EventType.completionSucceeded
    public static let schema = 1

    public var model: String
    public var provider: String
    public var upstreamResponseID: String?
    public var inputTokens: Int
    public var outputTokens: Int
    /// `provider` when the upstream reported usage, `estimated` when counted locally.
    public var tokenSource: String
    public var costUSD: Double
    /// The prices the cost was computed with.
    public var prices: TokenPrices
    public var latencyMilliseconds: Double
    /// Time to first token, for streams.
    public var timeToFirstTokenMilliseconds: Double?
    public var finishReason: String?
    /// The response text; nil when response redaction is on.
    public var responseText: String?
    /// True when the provider is the built-in simulated one.
    public var simulated: Bool

    public init(
        model: String, provider: String, upstreamResponseID: String?, inputTokens: Int, outputTokens: Int,
        tokenSource: String, costUSD: Double, prices: TokenPrices, latencyMilliseconds: Double,
        timeToFirstTokenMilliseconds: Double? = nil, finishReason: String?, responseText: String?,
        simulated: Bool = false
    ) {
        self.model = model
        self.provider = provider
        self.upstreamResponseID = upstreamResponseID
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.tokenSource = tokenSource
        self.costUSD = costUSD
        self.prices = prices
        self.latencyMilliseconds = latencyMilliseconds
        self.timeToFirstTokenMilliseconds = timeToFirstTokenMilliseconds
        self.finishReason = finishReason
        self.responseText = responseText
        self.simulated = simulated
    }

    enum CodingKeys: String, CodingKey {
        case model, provider, prices, simulated
        case upstreamResponseID = "upstream_response_id"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case tokenSource = "token_source"
        case costUSD = "cost_usd"
        case latencyMilliseconds = "latency_ms"
        case timeToFirstTokenMilliseconds = "ttft_ms"
        case finishReason = "finish_reason"
        case responseText = "response_text"
    }
}

/// Prices in USD per 1,000 tokens.
public struct TokenPrices: Codable, Sendable, Equatable {
    public var inputPer1K: Double
    public var outputPer1K: Double

    public init(inputPer1K: Double, outputPer1K: Double) {
        self.inputPer1K = inputPer1K
        self.outputPer1K = outputPer1K
    }

    /// The cost in USD of `inputTokens` and `outputTokens` at these prices: each count / 1,000 ×
    /// its price, summed (the gateway's arithmetic, which an audit shows and re-checks).
    public func cost(inputTokens: Int, outputTokens: Int) -> Double {
        inputCost(inputTokens) + outputCost(outputTokens)
    }

    public func inputCost(_ tokens: Int) -> Double { Double(tokens) / 1_000 * inputPer1K }

    public func outputCost(_ tokens: Int) -> Double { Double(tokens) / 1_000 * outputPer1K }

    enum CodingKeys: String, CodingKey {
        case inputPer1K = "input_per_1k"
        case outputPer1K = "output_per_1k"
    }
}
