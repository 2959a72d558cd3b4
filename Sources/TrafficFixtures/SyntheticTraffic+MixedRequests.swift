import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import SeededRandom

/// The mixed shape: whole requests with every event type, for tests of the store (round trips,
/// chains, dictionaries) rather than for realistic sizes.
extension SyntheticTraffic {
    /// The next `count` events of ``nextMixedRequest()``s (the last request is cut off at `count`).
    public mutating func nextMixedEvents(_ count: Int) -> [NewEvent] {
        var events: [NewEvent] = []
        while events.count < count { events += nextMixedRequest() }
        return Array(events.prefix(count))
    }

    /// The events of one request, in order, sharing one request id: received, decided, sometimes a
    /// failed attempt, then succeeded or failed, sometimes feedback — with non-ASCII text, optional
    /// fields left out, and event ids drawn from the seed, so the same seed gives the same frames.
    public mutating func nextMixedRequest() -> [NewEvent] {
        let requestID = uuidString()
        let prompt = pick(Self.mixedPrompts)
        let tokens = Int(random.next() % 900) + 5
        let score = Double(random.next() % 10_000) / 10_000
        let strong = score >= 0.55
        let model = strong ? pick(["qwen-max", "gpt-4o", "deepseek-reasoner"]) : pick(["qwen-turbo", "gpt-4o-mini"])
        var payloads: [LedgerEvent] = [
            .requestReceived(RequestReceived(
                requestID: requestID, apiKeyID: "key_\(random.next() % 16)", user: pick(["alice", "bob", "李雷", nil]),
                requestedModel: pick(["auto", "router-complexity-0.55", "qwen-max", nil]),
                params: ["temperature": .double(Double(random.next() % 19 + 1) / 10 + 0.05), "stream": .bool(random.next() % 2 == 0)],
                messages: [.object(["role": .string("user"), "content": .string(prompt)])],
                estimatedPromptTokens: tokens)),
            .routingDecided(RoutingDecided(
                strategy: StrategyRef(name: "complexity", version: 1, params: ["threshold": .double(0.55)]),
                features: PromptFeatures(
                    tokenCount: tokens, complexityScore: score, taskType: pick(["qa", "code", "translation", "chat"]),
                    tier: strong ? "complex" : "simple", creativity: unit(), reasoning: unit(),
                    contextualKnowledge: unit(), domainKnowledge: unit(), constraints: unit(),
                    numberOfFewShots: Int(random.next() % 3)),
                candidates: [CandidateScore(model: "qwen-turbo", score: 1 - score), CandidateScore(model: "qwen-max", score: score)],
                chosenModel: model, tier: strong ? "complex" : "simple", fallbackPlan: ["gpt-4o-mini"],
                reason: "complexity_score \(String(format: "%.2f", score)) \(strong ? "≥" : "<") 0.55 → \(model)",
                routingLatencyMicroseconds: Int(random.next() % 400) + 20, configHash: "sha256:9f2c0d5e1a7b")),
        ]
        if random.next() % 5 == 0 {
            payloads.append(.upstreamFailed(UpstreamFailed(
                provider: "dashscope", model: model, attempt: 1, errorClass: pick(["timeout", "http_5xx", "http_429"]),
                status: pick([503, 429, nil]), latencyMilliseconds: Double(random.next() % 30_000) + 0.5)))
        }
        if random.next() % 10 == 0 {
            payloads.append(.completionFailed(CompletionFailed(
                errorType: "upstream_error", status: 502, message: "every attempt failed", attempts: 2)))
        } else {
            let output = Int(random.next() % 700) + 1
            payloads.append(.completionSucceeded(CompletionSucceeded(
                model: model, provider: "dashscope", upstreamResponseID: "chatcmpl-\(random.next() % 1_000_000)",
                inputTokens: tokens, outputTokens: output, tokenSource: "provider",
                costUSD: Double(tokens + output) * 0.000_001_5 + 0.000_000_1, prices: TokenPrices(inputPer1K: 0.0016, outputPer1K: 0.0064),
                latencyMilliseconds: Double(random.next() % 5_000) + 0.25, finishReason: "stop",
                responseText: pick(Self.mixedResponses))))
        }
        if random.next() % 4 == 0 {
            payloads.append(.feedbackRecorded(FeedbackRecorded(
                requestID: requestID, score: unit(), label: pick(["good", "bad", nil]), comment: pick(["👍", "太慢了", nil]))))
        }
        return payloads.map { payload in
            clock += Int64(random.next() % 50) + 1
            return NewEvent(requestID: requestID, event: payload, timestamp: clock, eventID: uuid())
        }
    }

    private static let mixedPrompts = [
        "What is the capital of France?",
        "Write a Swift function that merges two sorted arrays.",
        "把下面这段话翻译成英文：今天天气很好。",
        "Explain the difference between TCP and UDP in two sentences.",
        "Summarise this article: \"Rust vs Go\" …",
        "给我讲一个关于猫的笑话 🐱",
        "Prove that the square root of 2 is irrational.",
    ]

    private static let mixedResponses = [
        "Paris.", "func merge(_ a: [Int], _ b: [Int]) -> [Int] { … }", "The weather is nice today.",
        "TCP is reliable and ordered; UDP is neither.", "一只猫走进了酒吧…… 😹", "Assume √2 = p/q in lowest terms…",
    ]

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int(random.next() % UInt64(choices.count))]
    }

    /// A dyadic fraction in (0, 1), exactly representable and never integral.
    private mutating func unit() -> Double {
        Double(random.next() % 255 + 1) / 256
    }

    private mutating func uuid() -> UUID {
        let high = random.next(), low = random.next()
        var bytes = withUnsafeBytes(of: high.bigEndian) { Array($0) } + withUnsafeBytes(of: low.bigEndian) { Array($0) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    private mutating func uuidString() -> String {
        uuid().uuidString.lowercased()
    }
}
