import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// Hand-written sample events: one realistic, fully populated event of each type, plus sparse
/// variants with every optional field nil. Strings carry Chinese, emoji, quotes, backslashes,
/// slashes and newlines; `params` holds a JSON value of every kind.
enum Fixtures {
    /// 2026-01-01T00:00:00Z, in ms: the first fixture timestamp (fixed, so payloads and frames are reproducible).
    static let baseTimestamp: Int64 = 1_767_225_600_000

    /// A UUID request id in canonical lowercase form (stored as 16 bytes).
    static let requestID = "0190f5a2-7c1e-7b3a-9f42-5d6e8a1b2c3d"

    /// Client parameters using every `JSONValue` case, nested, with non-integral doubles
    /// (integral ones are a known issue, see `JSONValueTests`).
    static let everyJSONValueCase: [String: JSONValue] = [
        "temperature": .double(0.7),
        "top_p": .double(-1.25e-9),
        "max_tokens": .int(1_024),
        "seed": .int(Int64.min),
        "logit_budget": .int(Int64.max),
        "stream": .bool(true),
        "logprobs": .bool(false),
        "user_tag": .null,
        "stop": .array([.string("\n\n"), .string("END"), .string("</s>")]),
        "response_format": .object(["type": .string("json_schema"), "strict": .bool(true)]),
        "metadata": .object([
            "标签": .string("测试 \"引号\" 和 \\ 反斜杠"),
            "emoji 🚀": .array([.null, .bool(false), .int(-7), .double(3.141592653589793), .string("✅"), .array([]), .object([:])]),
            "": .string("empty key"),
        ]),
    ]

    static let requestReceived = LedgerEvent.requestReceived(RequestReceived(
        requestID: requestID,
        apiKeyID: "key_prod_01HZX",
        team: "研究 team \"α\"",
        tags: ["tenant_id:acme/eu", "批次:7", "nightly"],
        user: "王小明 🧑‍💻",
        requestedModel: "router-complexity-0.35",
        params: everyJSONValueCase,
        messages: [
            .object(["role": .string("system"), "content": .string("You are \"helpful\".\nPaths look like C:\\Users\\me and /usr/bin.")]),
            .object([
                "role": .string("user"),
                "content": .array([
                    .object(["type": .string("text"), "text": .string("把这段话翻译成英文：\t“你好，世界” 🌏")]),
                    .object(["type": .string("image_url"), "image_url": .object(["url": .string("https://example.com/a.png?x=1&y=2")])]),
                ]),
            ]),
        ],
        estimatedPromptTokens: 87,
        endpoint: "chat.completions"))

    static let requestReceivedRedacted = LedgerEvent.requestReceived(RequestReceived(
        requestID: "req-plain-text-id", apiKeyID: nil, user: nil, requestedModel: nil, params: [:], messages: nil,
        estimatedPromptTokens: 0, endpoint: "embeddings"))

    /// An imported llm-compass record's `request.received`, with the fields kept verbatim.
    static let requestReceivedImported = LedgerEvent.requestReceived(RequestReceived(
        requestID: "lc-0123456789abcdef0123456789abcdef", requestedModel: nil,
        params: ["temperature": .double(0.7), "stream": .bool(false)],
        messages: [.object(["role": .string("user"), "content": .string("¿Qué tal? 你好")])],
        estimatedPromptTokens: 12,
        origin: ImportOrigin(
            format: "llm-compass", line: 7,
            kept: ["record": .object(["timestamp": .string("2025-03-01T09:15:00.123456")]),
                   "routing": .object(["query": .string("¿Qué tal?"), "routing_latency_ms": .double(0.4567)])],
            absent: ["routing": .array([.string("reason"), .string("config_hash")])])))

    static let routingDecided = LedgerEvent.routingDecided(RoutingDecided(
        strategy: StrategyRef(
            name: "complexity", version: 3,
            params: ["threshold": .double(0.55), "weak": .string("qwen-turbo"), "strong": .string("qwen-max"), "floor": .null]),
        features: PromptFeatures(
            tokenCount: 87, complexityScore: 0.6234, taskType: "translation", tier: "complex", creativity: 0.25,
            reasoning: 0.8125, contextualKnowledge: 0.5, domainKnowledge: 0.125, constraints: 0.375,
            numberOfFewShots: 2, signals: ["non_ascii", "multi_part", "few_shot:2", "中文"],
            promptFingerprint: "00f3a9c2b17e4d05"),
        candidates: [CandidateScore(model: "qwen-turbo", score: 0.3766), CandidateScore(model: "qwen-max", score: 0.6234)],
        chosenModel: "qwen-max",
        tier: "complex",
        fallbackPlan: ["deepseek-chat", "gpt-4o-mini"],
        reason: "complexity_score 0.62 ≥ 0.55 (complex) → qwen-max",
        routingLatencyMicroseconds: 143,
        configHash: "sha256:9f2c0d5e1a7b",
        latencySnapshot: ["qwen-max": 812.25, "deepseek-chat": 1_240, "gpt-4o-mini": 0.5]))

    static let routingDecidedBare = LedgerEvent.routingDecided(RoutingDecided(
        strategy: StrategyRef(name: "fixed", version: 1),
        features: PromptFeatures(
            tokenCount: 0, complexityScore: 0, taskType: "Other", tier: "simple", creativity: 0, reasoning: 0,
            contextualKnowledge: 0, domainKnowledge: 0, constraints: 0, numberOfFewShots: 0),
        candidates: [], chosenModel: "qwen-turbo", tier: "simple", fallbackPlan: [], reason: "fixed → qwen-turbo",
        routingLatencyMicroseconds: 0, configHash: "sha256:9f2c0d5e1a7b"))

    /// An imported decision: llm-compass's figures as logged, and the features derived at import.
    static let routingDecidedImported = LedgerEvent.routingDecided(RoutingDecided(
        strategy: StrategyRef(name: "classifier", version: 0),
        features: PromptFeatures(
            tokenCount: 0, complexityScore: 0.42, taskType: "Open QA", tier: "medium", creativity: 0.9, reasoning: 0.2,
            contextualKnowledge: 0, domainKnowledge: 0.1, constraints: 0, numberOfFewShots: 0),
        candidates: [], chosenModel: "qwen-plus", tier: "medium", fallbackPlan: [],
        reason: "imported from llm-compass (method classifier, tier medium)", routingLatencyMicroseconds: 457, configHash: "",
        derived: DerivedFeatures(
            derivedAt: "import", routerVersion: 1,
            features: PromptFeatures(
                tokenCount: 14, complexityScore: 0.3125, taskType: "Text Generation", tier: "simple", creativity: 0.75,
                reasoning: 0, contextualKnowledge: 0, domainKnowledge: 0, constraints: 0, numberOfFewShots: 0,
                signals: ["creative_verb"], promptFingerprint: "9ae1c0d2b3f40516"),
            requestedModel: "qwen-max")))

    static let upstreamFailed = LedgerEvent.upstreamFailed(UpstreamFailed(
        provider: "dashscope", model: "qwen-max", attempt: 1, errorClass: "http_5xx", status: 503,
        latencyMilliseconds: 2_314.5, message: "upstream said: {\"error\":\"overloaded\"}\r\nretry-after: 2"))

    static let upstreamFailedTimeout = LedgerEvent.upstreamFailed(UpstreamFailed(
        provider: "deepseek", model: "deepseek-chat", attempt: 2, errorClass: "timeout", status: nil,
        latencyMilliseconds: 30_000.25, message: nil))

    static let completionSucceeded = LedgerEvent.completionSucceeded(CompletionSucceeded(
        model: "deepseek-chat", provider: "deepseek", upstreamResponseID: "chatcmpl-8f3a\u{0}end", inputTokens: 91,
        outputTokens: 412, tokenSource: "provider", costUSD: 0.000_613_7,
        prices: TokenPrices(inputPer1K: 0.000_27, outputPer1K: 0.001_1), latencyMilliseconds: 1_873.25,
        timeToFirstTokenMilliseconds: 211.5, finishReason: "stop",
        responseText: "Hello, world! 你好 👋\n\n```swift\nprint(\"\\(x)\")\n```",
        simulated: false))

    static let completionSucceededRedacted = LedgerEvent.completionSucceeded(CompletionSucceeded(
        model: "simulated-small", provider: "simulated", upstreamResponseID: nil, inputTokens: 0, outputTokens: 12,
        tokenSource: "estimated", costUSD: 0.5, prices: TokenPrices(inputPer1K: 0.25, outputPer1K: 0.75),
        latencyMilliseconds: 0.125, timeToFirstTokenMilliseconds: nil, finishReason: nil, responseText: nil,
        simulated: true))

    static let completionFailed = LedgerEvent.completionFailed(CompletionFailed(
        errorType: "upstream_error", status: 502,
        message: "all 3 attempts failed: qwen-max (http_5xx), deepseek-chat (timeout), gpt-4o-mini (\"circuit_open\")",
        attempts: 3))

    static let feedbackRecorded = LedgerEvent.feedbackRecorded(FeedbackRecorded(
        requestID: requestID, score: 0.875, label: "good", comment: "翻译准确 👍 but \"world\" → \"世界\"\\n is literal"))

    static let feedbackRecordedBare = LedgerEvent.feedbackRecorded(FeedbackRecorded(
        requestID: requestID, score: nil, label: nil, comment: nil))

    static let providerBreakerChanged = LedgerEvent.providerBreakerChanged(ProviderBreakerChanged(
        provider: "deepseek", from: "closed", to: "open", cause: .probe, errorClass: "status 529",
        message: "overloaded_error: \"Overloaded\" — 过载", consecutiveFailures: 5))

    static let providerBreakerChangedBare = LedgerEvent.providerBreakerChanged(ProviderBreakerChanged(
        provider: "deepseek", from: "half_open", to: "closed", cause: .traffic, consecutiveFailures: 0))

    static let upstreamSkipped = LedgerEvent.upstreamSkipped(UpstreamSkipped(
        provider: "deepseek", model: "deepseek-chat", reason: "circuit_open",
        breakerEventID: "0190f5a2-7c1e-7b3a-9f42-5d6e8a1b2c3d", breakerChangedAt: 1_722_384_000_123, breakerCause: "probe",
        errorClass: "connection", message: "connection failed: NIOConnectionError"))

    static let upstreamSkippedBare = LedgerEvent.upstreamSkipped(UpstreamSkipped(
        provider: "deepseek", model: "deepseek-chat", reason: "circuit_half_open"))

    static let configApplied = LedgerEvent.configApplied(ConfigApplied(
        configHash: "sha256:9f2c0d5e1a7b",
        catalog: .object([
            "models": .array([
                .object(["name": .string("qwen-max"), "tier": .string("complex"), "input_per_1k": .double(0.0016)]),
                .object(["name": .string("qwen-turbo"), "tier": .string("simple"), "input_per_1k": .double(0.0003)]),
            ]),
            "aliases": .object(["fast": .string("qwen-turbo"), "最好": .string("qwen-max")]),
        ]),
        routing: .object([
            "default_strategy": .string("complexity"),
            "fallbacks": .array([.array([.string("quality"), .string("fast")])]),
            "breaker": .object(["failures": .int(5), "cooldown_s": .double(30.5)]),
            "retries": .int(2),
            "redaction": .null,
        ]),
        source: "/etc/routeledger/routeledger.yaml"))

    /// One fully populated event of each of the seven types, in the order a request produces them.
    static let keyCreated = LedgerEvent.keyCreated(KeyCreated(
        keyID: "key_0123456789abcdef", secretSHA256: String(repeating: "ab", count: 32),
        settings: KeySettings(
            team: "数据 \"platform\" / ml", name: "CI 🤖\nnightly",
            limits: KeyLimits(
                budgets: [Budget(usd: 12.5, period: .day), Budget(usd: 250, period: .month), Budget(usd: 1e-3, period: .total)],
                requestsPerMinute: 60, tokensPerMinute: 90_000),
            expiresAt: 1_798_761_600_000),
        actor: "env:ROUTELEDGER_ADMIN_KEY"))

    static let keyUpdated = LedgerEvent.keyUpdated(KeyUpdated(
        keyID: "key_0123456789abcdef",
        settings: KeySettings(team: "platform", limits: KeyLimits(budgets: [Budget(usd: 0.75, period: .month)], tokensPerMinute: 1)),
        actor: "cli:王"))

    static let keyRevoked = LedgerEvent.keyRevoked(KeyRevoked(keyID: "key_0123456789abcdef", actor: "open-admin-routes"))

    static let teamUpdated = LedgerEvent.teamUpdated(TeamUpdated(
        team: "research", budgets: [Budget(usd: 100, period: .month), Budget(usd: 12.5, period: .day)],
        actor: "env:ROUTELEDGER_ADMIN_KEY"))

    static let oneOfEachType: [LedgerEvent] = [
        configApplied, requestReceived, routingDecided, upstreamFailed, completionSucceeded, completionFailed,
        feedbackRecorded, providerBreakerChanged, upstreamSkipped, keyCreated, keyUpdated, keyRevoked, teamUpdated,
    ]

    /// A team's budgets cleared.
    static let teamUpdatedBare = LedgerEvent.teamUpdated(TeamUpdated(team: "research", budgets: [], actor: "cli:unknown"))

    /// A key with nothing but its team.
    static let keyCreatedBare = LedgerEvent.keyCreated(KeyCreated(
        keyID: "key_bare", secretSHA256: String(repeating: "0", count: 64), settings: KeySettings(team: "t"), actor: "cli:unknown"))

    /// The variants whose optional fields are nil (and whose collections are empty).
    static let sparse: [LedgerEvent] = [
        requestReceivedRedacted, requestReceivedImported, routingDecidedBare, upstreamFailedTimeout, completionSucceededRedacted, feedbackRecordedBare,
        providerBreakerChangedBare, upstreamSkippedBare, keyCreatedBare, teamUpdatedBare,
    ]

    /// Every hand-written sample.
    static let all: [LedgerEvent] = oneOfEachType + sparse + [routingDecidedImported]

    /// The samples wrapped for appending: one per event, timestamps one ms apart from ``baseTimestamp``.
    /// Request-scoped events use the event's own request id; the others use ``requestID``.
    static func newEvents(_ events: [LedgerEvent] = all, startingAt timestamp: Int64 = baseTimestamp) -> [NewEvent] {
        events.enumerated().map { index, event in
            NewEvent(requestID: requestID(of: event), event: event, timestamp: timestamp + Int64(index))
        }
    }

    /// The request an event belongs to.
    static func requestID(of event: LedgerEvent) -> String {
        switch event {
        case .requestReceived(let payload): payload.requestID
        case .feedbackRecorded(let payload): payload.requestID
        case .configApplied: "config"
        case .keyCreated, .keyUpdated, .keyRevoked, .teamUpdated: "routeledger.keys"
        default: requestID
        }
    }
}
