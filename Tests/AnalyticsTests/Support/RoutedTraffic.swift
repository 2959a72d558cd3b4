import Analytics
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Router
import SeededRandom

/// Gateway traffic routed by the live ``RequestRouter`` under one configuration: `config.applied`, then
/// per request `request.received` (some with a named model, some with the prompt redacted),
/// `routing.decided` from the router's decision on real prompts, and a success priced from the
/// catalog (one in ten answered by a fallback model) or a failure.
struct RoutedTraffic {
    let config: RouteledgerConfig
    let router: RequestRouter
    private(set) var events: [NewEvent] = []
    private var random: SeededGenerator
    private var clock: Int64 = 1_763_700_000_000

    /// Observed p50 latency per model, as the `latency` strategy reads it.
    static let snapshot: [String: Double] = [
        "gpt-4o-mini": 420, "qwen-turbo": 380, "claude-3-5-haiku": 610, "qwen-plus": 650, "gpt-4o": 900, "qwen-max": 870,
    ]

    private static let openings = [
        "Write a Python function that", "Summarize the following report about", "What is the capital of",
        "Explain step by step why", "Translate into French:", "Brainstorm ten names for", "Classify the sentiment of",
        "Prove that for every integer n,", "Rewrite this paragraph more formally:", "Extract every date from",
    ]
    private static let words = """
        latency budget invoice customer model tensor gradient contract policy theorem kernel database index \
        river mountain poem story lemma proof compiler cache quarterly revenue churn forecast protocol
        """.split(separator: " ").map(String.init)

    /// Traffic routed under `config` by `classifier` (the shipped one by default).
    init(config: RouteledgerConfig, seed: UInt64, classifier: any PromptClassifier = LearnedPromptClassifier()) {
        self.config = config
        router = RequestRouter(config: config, classifier: classifier)
        random = SeededGenerator(seed: seed)
        events.append(NewEvent(
            requestID: "config", event: .configApplied(ConfigApplied(config, source: "test")!), timestamp: clock))
    }

    /// Generates `count` requests: named models one in `namedEvery`, failures one in `failEvery`.
    mutating func generate(_ count: Int, namedEvery: Int = 6, failEvery: Int = 15, redactEvery: Int = 4) {
        for index in 0..<count {
            clock += Int64(random.next() % 500) + 1
            let requestID = String(format: "req-%05d", index)
            let length = Int(random.next() % 60) + 3
            var prompt = Self.openings[Int(random.next() % UInt64(Self.openings.count))]
            for _ in 0..<length { prompt += " " + Self.words[Int(random.next() % UInt64(Self.words.count))] }
            if random.next() % 3 == 0 { prompt += "\n```swift\nlet x = 1\n```\nThink step by step and justify each claim." }
            let messages = [ChatMessage(role: "user", content: prompt)]
            let named = index % namedEvery == namedEvery - 1
            let requested: String? = named ? ["qwen-plus", "smart", "gpt-4o-mini"][index / namedEvery % 3] : (index % 2 == 0 ? nil : "auto")
            let decision = try! router.route(messages: messages, requestedModel: requested, latencySnapshot: Self.snapshot)
            let redacted = index % redactEvery == 1
            events.append(NewEvent(requestID: requestID, event: .requestReceived(RequestReceived(
                requestID: requestID, apiKeyID: "team-\(index % 3)", requestedModel: requested,
                messages: redacted ? nil : [.object(["role": .string("user"), "content": .string(prompt)])],
                estimatedPromptTokens: decision.features.tokenCount)), timestamp: clock))
            events.append(NewEvent(requestID: requestID, event: .routingDecided(decision), timestamp: clock))
            if index % failEvery == failEvery - 1 {
                events.append(NewEvent(requestID: requestID, event: .completionFailed(CompletionFailed(
                    errorType: "upstream_error", status: 502, message: "every provider failed", attempts: 2)), timestamp: clock + 40))
                continue
            }
            let served = index % 10 == 3 ? decision.fallbackPlan.first ?? decision.chosenModel : decision.chosenModel
            let model = config.catalog.model(named: served)!
            let prices = TokenPrices(inputPer1K: model.inputPricePer1K, outputPer1K: model.outputPricePer1K)
            let output = Int(random.next() % 800) + 1
            let latency = (Self.snapshot[served] ?? 500) * (0.5 + Double(random.next() % 1000) / 1000)
            events.append(NewEvent(requestID: requestID, event: .completionSucceeded(CompletionSucceeded(
                model: served, provider: model.provider, upstreamResponseID: nil, inputTokens: decision.features.tokenCount,
                outputTokens: output, tokenSource: "provider",
                costUSD: prices.cost(inputTokens: decision.features.tokenCount, outputTokens: output), prices: prices,
                latencyMilliseconds: (latency * 10).rounded() / 10, finishReason: "stop", responseText: nil)),
                timestamp: clock + Int64(latency)))
        }
    }
}

extension RouteledgerConfig {
    /// The built-in configuration with `strategy` as the default and `params` for it.
    static func builtIn(defaultStrategy strategy: String, params: [String: StrategyParameter] = [:]) -> RouteledgerConfig {
        var config = RouteledgerConfig.builtIn
        config.routing.defaultStrategy = strategy
        if !params.isEmpty { config.routing.strategyParams[strategy] = params }
        return config
    }
}

extension TemporaryLedger {
    /// Appends `events` in batches of `batch`.
    func append(_ events: [NewEvent], batch: Int = 64) async throws {
        for start in stride(from: 0, to: events.count, by: batch) {
            _ = try await ledger.append(Array(events[start..<min(start + batch, events.count)]))
        }
    }
}
