import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import SeededRandom

/// Seeded synthetic gateway traffic for the benchmarks and the tests: the same seed always gives
/// the same events. Three shapes share one generator and clock: ``nextRequest()`` (a decision and a
/// success of about 600 bytes of JSON each, the storage benchmark's unit), ``nextGatewayRequest()``
/// (a whole request as the gateway writes it) and ``nextMixedRequest()`` (every event type, for
/// tests of the store).
public struct SyntheticTraffic {
    var random: SeededGenerator
    /// Unix milliseconds of the latest event generated.
    var clock: Int64

    /// Traffic drawn from `seed`, its first event a little after `startMilliseconds`.
    public init(seed: UInt64 = 42, startMilliseconds: Int64 = 1_763_000_000_000) {
        random = SeededGenerator(seed: seed)
        clock = startMilliseconds
    }

    private static let models: [(name: String, provider: String, tier: String, input: Double, output: Double)] = [
        ("qwen-turbo", "dashscope", "simple", 0.0003, 0.0006),
        ("gpt-4o-mini", "openai", "simple", 0.00015, 0.0006),
        ("qwen-plus", "dashscope", "medium", 0.0008, 0.002),
        ("claude-3-5-haiku", "anthropic", "medium", 0.0008, 0.004),
        ("qwen-max", "dashscope", "complex", 0.0024, 0.0096),
        ("gpt-4o", "openai", "complex", 0.0025, 0.01),
    ]
    private static let taskTypes = [
        "Open QA", "Closed QA", "Summarization", "Text Generation", "Code Generation", "Chatbot",
        "Classification", "Rewrite", "Brainstorming", "Extraction", "Other",
    ]
    private static let signals = [
        "code_block", "question_word", "imperative_write", "length_long", "math_symbols", "few_shot_examples",
        "constraint_words", "domain_terms", "summarize_verb", "list_request", "json_format", "translation",
    ]
    private static let words = """
        the a model request answer data service cost latency route token user system prompt quality fast cheap \
        result example function value error update query table report customer order payment invoice summary \
        analysis reason step check list plan design build test deploy monitor metric budget policy review \
        because however therefore while when which where about between through during without within
        """.split(separator: " ").map(String.init)
    private static let finishReasons = ["stop", "stop", "stop", "stop", "length", "tool_calls"]

    /// The events of the next request, in the order the gateway writes them.
    public mutating func nextRequest() -> [NewEvent] {
        clock += Int64.random(in: 5...400, using: &random)
        let requestID = UUIDv7.make(milliseconds: clock).uuidString.lowercased()
        let tierIndex = Int.random(in: 0..<3, using: &random)
        let model = Self.models[tierIndex * 2 + Int.random(in: 0..<2, using: &random)]
        let complexity = Double.random(in: 0...1, using: &random).rounded(to: 4)
        let tokens = Int.random(in: 12...4_000, using: &random)
        let features = PromptFeatures(
            tokenCount: tokens, complexityScore: complexity,
            taskType: Self.taskTypes.randomElement(using: &random)!, tier: model.tier,
            creativity: Double.random(in: 0...1, using: &random).rounded(to: 4),
            reasoning: Double.random(in: 0...1, using: &random).rounded(to: 4),
            contextualKnowledge: Double.random(in: 0...1, using: &random).rounded(to: 4),
            domainKnowledge: Double.random(in: 0...1, using: &random).rounded(to: 4),
            constraints: Double.random(in: 0...1, using: &random).rounded(to: 4),
            numberOfFewShots: Int.random(in: 0...3, using: &random),
            signals: Array(Self.signals.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random))))
        let threshold = [0.35, 0.5, 0.55][Int.random(in: 0..<3, using: &random)]
        let fallbacks = Self.models.filter { $0.tier == model.tier && $0.name != model.name }.map(\.name)
        let decided = RoutingDecided(
            strategy: StrategyRef(name: "complexity", version: 1, params: [
                "simple_below": .double(0.3), "complex_from": .double(threshold),
            ]),
            features: features,
            candidates: Self.models.map { CandidateScore(model: $0.name, score: Double.random(in: 0...1, using: &random).rounded(to: 4)) },
            chosenModel: model.name, tier: model.tier, fallbackPlan: fallbacks,
            reason: "complexity_score \(complexity) \(complexity >= threshold ? "≥" : "<") \(threshold) (\(model.tier)) → \(model.name)",
            routingLatencyMicroseconds: Int.random(in: 40...900, using: &random),
            configHash: "sha256:9f2c41d07ab3e5c1")
        let output = Int.random(in: 5...1_200, using: &random)
        let cost = Double(tokens) / 1000 * model.input + Double(output) / 1000 * model.output
        let completed = CompletionSucceeded(
            model: model.name, provider: model.provider,
            upstreamResponseID: "chatcmpl-" + String(random.next(), radix: 36) + String(random.next() % 1_000_000, radix: 36),
            inputTokens: tokens, outputTokens: output, tokenSource: "provider",
            costUSD: (cost * 1e8).rounded() / 1e8,
            prices: TokenPrices(inputPer1K: model.input, outputPer1K: model.output),
            latencyMilliseconds: Double.random(in: 150...9_000, using: &random).rounded(to: 1),
            timeToFirstTokenMilliseconds: Double.random(in: 80...900, using: &random).rounded(to: 1),
            finishReason: Self.finishReasons.randomElement(using: &random),
            responseText: sentence(words: Int.random(in: 18...40, using: &random)))
        let completedAt = clock + Int64(completed.latencyMilliseconds)
        return [
            NewEvent(requestID: requestID, event: .routingDecided(decided), timestamp: clock),
            NewEvent(requestID: requestID, event: .completionSucceeded(completed), timestamp: completedAt),
        ]
    }

    /// The team of the synthetic key `team-N` (1…8): research (1–3), ops (4–6) or web (7–8).
    public static func team(ofKey key: Int) -> String {
        key <= 3 ? "research" : key <= 6 ? "ops" : "web"
    }

    /// The users requests name, one in six with none (`nil`).
    public static let users: [String?] = ["alice", "bob", "carol", "dave", "erin", nil]

    /// The events of the next whole gateway request, as the gateway writes them: `request.received`
    /// with its messages, key (`team-1` … `team-8`), team, user and tags (`tenant_id:acmeN`, 40 of
    /// them, and one in three `batch`), `routing.decided`, and the end — a success (one in twenty after a failed
    /// attempt at another provider) or, one in fifty, a failure after two attempts.
    public mutating func nextGatewayRequest() -> [NewEvent] {
        var events = nextRequest()
        guard case .routingDecided(let decided) = events[0].event,
            case .completionSucceeded(let completed) = events[1].event
        else { return events }
        let requestID = events[0].requestID
        let key = Int.random(in: 1...8, using: &random)
        // Team, user and tags follow from values drawn already, so the draws (and the rest of the
        // traffic) are what they were before requests carried them.
        let tokens = decided.features.tokenCount
        let received = RequestReceived(
            requestID: requestID, apiKeyID: "team-\(key)", team: Self.team(ofKey: key),
            tags: ["tenant_id:acme\(tokens % 40)"] + (tokens % 3 == 0 ? ["batch"] : []),
            user: Self.users[(key + tokens) % Self.users.count],
            requestedModel: ["auto", "auto", "auto", "router-complexity-0.5", decided.chosenModel][Int.random(in: 0..<5, using: &random)],
            params: ["temperature": .double(Double.random(in: 0...1, using: &random).rounded(to: 1)),
                     "max_tokens": .int(Int64([256, 512, 1_024, 2_048][Int.random(in: 0..<4, using: &random)])),
                     "stream": .bool(Bool.random(using: &random))],
            messages: [
                .object(["role": .string("system"), "content": .string("You are a helpful assistant.")]),
                .object(["role": .string("user"), "content": .string(sentence(words: Int.random(in: 8...120, using: &random)))]),
            ],
            estimatedPromptTokens: decided.features.tokenCount)
        events.insert(NewEvent(requestID: requestID, event: .requestReceived(received), timestamp: events[0].timestamp), at: 0)
        let roll = Int.random(in: 0..<100, using: &random)
        let failedAt = events[1].timestamp + Int64.random(in: 20...2_000, using: &random)
        let failure = UpstreamFailed(
            provider: completed.provider, model: decided.chosenModel, attempt: 1, errorClass: "status",
            status: [500, 502, 503, 429][Int.random(in: 0..<4, using: &random)], latencyMilliseconds: Double(failedAt - events[1].timestamp),
            message: "upstream answered with an error")
        if roll < 2 {
            var second = failure
            second.attempt = 2
            events[2] = NewEvent(requestID: requestID, event: .upstreamFailed(failure), timestamp: failedAt)
            events.append(NewEvent(requestID: requestID, event: .upstreamFailed(second), timestamp: failedAt + 30))
            events.append(NewEvent(
                requestID: requestID,
                event: .completionFailed(CompletionFailed(
                    errorType: "upstream_error", status: 502, message: "every provider failed", attempts: 2)),
                timestamp: failedAt + 31))
        } else if roll < 7 {
            events.insert(NewEvent(requestID: requestID, event: .upstreamFailed(failure), timestamp: failedAt), at: 2)
        }
        return events
    }

    private mutating func sentence(words count: Int) -> String {
        var words: [String] = []
        words.reserveCapacity(count)
        for _ in 0..<count { words.append(Self.words.randomElement(using: &random)!) }
        return words.joined(separator: " ").prefix(1).uppercased() + words.joined(separator: " ").dropFirst() + "."
    }
}
