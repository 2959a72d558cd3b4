import Analytics
import DomainEvents
import Foundation
import Ledger
import Router
import SeededRandom

/// `routeledger-bench replay`: a ledger of requests routed by the live router (built-in
/// configuration, `complexity` strategy, features drawn at random), then the replay table's load,
/// one replay of another threshold and one of another strategy, a 101-threshold sweep, and the
/// naive sweep — one replay per threshold — side by side.
struct ReplayBenchmark {
    struct Result: Encodable {
        var requests: Int
        var events: Int64
        var generateSeconds: Double
        var catchUpSeconds: Double
        var loadSeconds: Double
        var replayThresholdSeconds: Double
        var replayStrategySeconds: Double
        var sweepSeconds: Double
        var sweepThresholds: Int
        var naiveSweepSeconds: Double
        var changedByThreshold: Int
        var changedByStrategy: Int
        var sweepSpeedup: Double { sweepSeconds > 0 ? naiveSweepSeconds / sweepSeconds : 0 }
    }

    var requests: Int
    var directory: URL

    func run(log progress: (String) -> Void) async throws -> Result {
        let path = directory.appendingPathComponent("replay.sqlite").path
        progress("writing \(requests) routed requests through the ledger's append path")
        var started = ContinuousClock.now
        try await generate(at: path)
        let generateSeconds = (ContinuousClock.now - started).seconds

        let ledger = try Ledger(path: path, options: LedgerOptions(autoTrainAfterEvents: 0))
        let projector = try StatsProjector(ledger: ledger, store: try ProjectionStore(ledgerPath: path))
        progress("folding the projections (stats and request rows)")
        started = .now
        let events = try await projector.catchUp()
        let catchUpSeconds = (ContinuousClock.now - started).seconds

        progress("loading the replay table and engine")
        started = .now
        let engine = try await projector.replayEngine()
        let loadSeconds = (ContinuousClock.now - started).seconds

        progress("replaying router-complexity-0.3 and the token-length strategy")
        started = .now
        let byThreshold = try await projector.replay(ReplaySpec(model: "router-complexity-0.3"))
        let replayThresholdSeconds = (ContinuousClock.now - started).seconds
        started = .now
        let byStrategy = try await projector.replay(ReplaySpec(strategy: "token-length"))
        let replayStrategySeconds = (ContinuousClock.now - started).seconds

        let thresholds = try ThresholdRange.parse("0:1:0.01")
        progress("sweeping \(thresholds.count) thresholds at once")
        started = .now
        let rows = try engine.selectedRows(ReplaySelection())
        let sweep = try ThresholdSweep(engine: engine, scorer: .complexity, rows: rows)
        let points = thresholds.map(sweep.point(at:))
        let sweepSeconds = (ContinuousClock.now - started).seconds

        progress("sweeping the same thresholds naively: one replay each")
        started = .now
        var naiveCost = 0.0
        for threshold in thresholds {
            let alternative = try ReplayAlternative.resolve(ReplaySpec(model: "router-complexity-\(threshold)"), configs: engine.configs)
            naiveCost += try engine.run(alternative, rows: rows).cost.reduce(0, +)
        }
        let naiveSweepSeconds = (ContinuousClock.now - started).seconds
        let sweepCost = points.map(\.costUSD).reduce(0, +)
        guard abs(naiveCost - sweepCost) <= 1e-6 * max(1, naiveCost) else {
            throw BenchError("the sweep and the naive sweep disagree: \(sweepCost) against \(naiveCost)")
        }
        await ledger.close()
        return Result(
            requests: requests, events: events, generateSeconds: generateSeconds, catchUpSeconds: catchUpSeconds,
            loadSeconds: loadSeconds, replayThresholdSeconds: replayThresholdSeconds,
            replayStrategySeconds: replayStrategySeconds, sweepSeconds: sweepSeconds, sweepThresholds: thresholds.count,
            naiveSweepSeconds: naiveSweepSeconds, changedByThreshold: byThreshold.changed.count,
            changedByStrategy: byStrategy.changed.count)
    }

    /// Requests routed by the built-in configuration from random features: `request.received`,
    /// `routing.decided` (the router's own decision) and a success priced from the catalog.
    private func generate(at path: String) async throws {
        let ledger = try Ledger(path: path, options: LedgerOptions(autoTrainAfterEvents: 0))
        let config = RouteledgerConfig.builtIn
        let router = RequestRouter(config: config)
        var random = SeededGenerator(seed: 2026)
        var clock: Int64 = 1_763_000_000_000
        _ = try await ledger.append(NewEvent(
            requestID: "config", event: .configApplied(ConfigApplied(config, source: "bench")!), timestamp: clock))
        let taskTypes = TaskType.allCases
        var written = 0
        while written < requests {
            var batch: [NewEvent] = []
            let count = min(2_000, requests - written)
            batch.reserveCapacity(count * 3)
            for _ in 0..<count {
                clock += Int64.random(in: 1...50, using: &random)
                let id = UUIDv7.make(milliseconds: clock).uuidString.lowercased()
                func unit() -> Double { Double(Int.random(in: 0...10_000, using: &random)) / 10_000 }
                let classification = PromptClassification(
                    taskType: taskTypes[Int.random(in: 0..<taskTypes.count, using: &random)], creativity: unit(),
                    reasoning: unit(), contextualKnowledge: unit(), domainKnowledge: unit(), constraints: unit(),
                    numberOfFewShots: Int.random(in: 0...3, using: &random))
                let tokens = Int.random(in: 12...4_000, using: &random)
                let features = RoutingFeatures(tokenCount: tokens, classification: classification, promptFingerprint: random.next())
                let decision = router.decide(features: features, request: .defaultStrategy)
                let model = config.catalog.model(named: decision.chosenModel)!
                let prices = TokenPrices(inputPer1K: model.inputPricePer1K, outputPer1K: model.outputPricePer1K)
                let output = Int.random(in: 5...1_200, using: &random)
                batch.append(NewEvent(requestID: id, event: .requestReceived(RequestReceived(
                    requestID: id, apiKeyID: "team-\(Int.random(in: 1...8, using: &random))", requestedModel: "auto",
                    messages: nil, estimatedPromptTokens: tokens)), timestamp: clock))
                batch.append(NewEvent(requestID: id, event: .routingDecided(decision), timestamp: clock))
                batch.append(NewEvent(requestID: id, event: .completionSucceeded(CompletionSucceeded(
                    model: model.name, provider: model.provider, upstreamResponseID: nil, inputTokens: tokens,
                    outputTokens: output, tokenSource: "provider", costUSD: prices.cost(inputTokens: tokens, outputTokens: output),
                    prices: prices, latencyMilliseconds: Double(Int.random(in: 1_500...90_000, using: &random)) / 10,
                    finishReason: "stop", responseText: nil)), timestamp: clock + 300))
            }
            _ = try await ledger.append(batch)
            written += count
        }
        await ledger.close()
    }
}
