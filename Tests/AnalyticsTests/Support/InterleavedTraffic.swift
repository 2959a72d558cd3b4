import DomainEvents
import Foundation
import Ledger
import SeededRandom

/// Random gateway traffic with requests interleaved in the ledger, as concurrent requests are:
/// succeeded and failed requests, failed attempts before either, requests without a tier or task
/// type, and ones with no routing decision at all. It keeps, beside the events, what each request
/// should add up to, so tests can recompute the stats independently of the code under test.
struct InterleavedTraffic {
    /// What one generated request is, in the generator's own terms.
    struct Truth {
        var requestID: String
        var succeeded: Bool
        var model: String?
        var tier: String?
        var taskType: String?
        var routingMicroseconds: Int?
        var costUSD: Double
        var latencyMilliseconds: Double
        var inputTokens: Int
        var outputTokens: Int
        var failedAttempts: Int
    }

    private(set) var events: [ScannedEvent] = []
    /// Ended requests in the order their last event was appended.
    private(set) var completed: [Truth] = []
    private var random: SeededGenerator
    private var timestamp: Int64 = 1_763_700_000_000
    private var seq: Int64 = 0

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    /// Generates `requests` requests, at most `concurrency` open at a time, their events shuffled
    /// together while each request's own events stay in order.
    mutating func generate(requests: Int, concurrency: Int = 4) {
        var pending: [[LedgerEvent]] = []
        var pendingIDs: [String] = []
        var pendingTruths: [Truth] = []
        var made = 0
        while made < requests || !pending.isEmpty {
            if made < requests && pending.count < concurrency {
                let (id, events, truth) = makeRequest(index: made)
                pending.append(events)
                pendingIDs.append(id)
                pendingTruths.append(truth)
                made += 1
                continue
            }
            let pick = Int(random.next() % UInt64(pending.count))
            let event = pending[pick].removeFirst()
            append(event, requestID: pendingIDs[pick])
            if pending[pick].isEmpty {
                completed.append(pendingTruths[pick])
                pending.remove(at: pick)
                pendingIDs.remove(at: pick)
                pendingTruths.remove(at: pick)
            }
        }
    }

    private mutating func append(_ event: LedgerEvent, requestID: String) {
        seq += 1
        timestamp += Int64(random.next() % 90_000)  // up to 90 s apart: several hours of traffic
        let stored = StoredEvent(
            seq: seq, eventID: UUID(), requestID: requestID, type: event.type, schema: event.schema,
            timestamp: timestamp, dictionaryID: 0, payload: [], hash: [])
        events.append(ScannedEvent(stored: stored, event: event))
    }

    private mutating func makeRequest(index: Int) -> (String, [LedgerEvent], Truth) {
        let id = "req-\(index)"
        let models = ["qwen-turbo", "gpt-4o-mini", "qwen-max", "gpt-4o"]
        let model = models[Int(random.next() % UInt64(models.count))]
        let hasDecision = random.next() % 10 != 0
        let tier = random.next() % 7 == 0 ? "" : ["simple", "medium", "complex"][Int(random.next() % 3)]
        let taskType = random.next() % 9 == 0 ? "" : ["Chatbot", "Code Generation", "Summarization"][Int(random.next() % 3)]
        let routing = Int(random.next() % 900) + 10
        let failedAttempts = Int(random.next() % 3)
        let succeeded = random.next() % 6 != 0
        let input = Int(random.next() % 2_000) + 1
        let output = Int(random.next() % 800) + 1
        let cost = Double(input) * 0.000_000_15 + Double(output) * 0.000_000_6 + Double(random.next() % 100) * 1e-9
        let latency = Double(random.next() % 4_000_000) / 1_000 + 0.123
        var events: [LedgerEvent] = [.requestReceived(RequestReceived(
            requestID: id, apiKeyID: nil, user: nil, requestedModel: "auto", params: [:], messages: nil,
            estimatedPromptTokens: input))]
        if hasDecision {
            events.append(.routingDecided(RoutingDecided(
                strategy: StrategyRef(name: "complexity", version: 1),
                features: PromptFeatures(
                    tokenCount: input, complexityScore: 0.5, taskType: taskType, tier: tier, creativity: 0, reasoning: 0,
                    contextualKnowledge: 0, domainKnowledge: 0, constraints: 0, numberOfFewShots: 0),
                candidates: [], chosenModel: model, tier: tier, fallbackPlan: [], reason: "r",
                routingLatencyMicroseconds: routing, configHash: "h")))
        }
        for attempt in 0..<failedAttempts {
            events.append(.upstreamFailed(UpstreamFailed(
                provider: "p", model: model, attempt: attempt + 1, errorClass: "status", status: 503, latencyMilliseconds: 5)))
        }
        if succeeded {
            events.append(.completionSucceeded(CompletionSucceeded(
                model: model, provider: "p", upstreamResponseID: nil, inputTokens: input, outputTokens: output,
                tokenSource: "provider", costUSD: cost, prices: TokenPrices(inputPer1K: 0.00015, outputPer1K: 0.0006),
                latencyMilliseconds: latency, finishReason: "stop", responseText: nil)))
        } else {
            events.append(.completionFailed(CompletionFailed(
                errorType: "upstream_failed", status: 502, message: "every attempt failed", attempts: failedAttempts)))
        }
        let truth = Truth(
            requestID: id, succeeded: succeeded, model: succeeded ? model : nil,
            tier: hasDecision && !tier.isEmpty ? tier : nil, taskType: hasDecision && !taskType.isEmpty ? taskType : nil,
            routingMicroseconds: hasDecision ? routing : nil, costUSD: succeeded ? cost : 0,
            latencyMilliseconds: latency, inputTokens: succeeded ? input : 0, outputTokens: succeeded ? output : 0,
            failedAttempts: failedAttempts)
        return (id, events, truth)
    }
}
