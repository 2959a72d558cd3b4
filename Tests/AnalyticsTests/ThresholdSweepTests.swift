import Analytics
import DomainEvents
import Foundation
import Ledger
import Router
import SeededRandom
import Testing

/// `sweep` against `replay`, and `calibrate`, on routed traffic.
@Suite struct ThresholdSweepTests {
    private static func engine(_ ledger: TemporaryLedger) async throws -> ReplayEngine {
        try await ledger.projector().replayEngine()
    }

    /// The number of requests the replay sent to the strong model: decided again by the
    /// threshold strategy and given its strong model.
    private static func strongCount(_ run: ReplayRun, _ engine: ReplayEngine, strong: String) -> Int {
        run.rows.indices.filter { run.kind[$0] == .decided && engine.symbols[run.model[$0]] == strong }.count
    }

    @Test(arguments: [ThresholdScorer.complexity, .tokenLength, .random])
    func everyThresholdOfASweepEqualsTheReplayAtThatThreshold(scorer: ThresholdScorer) async throws {
        let ledger = try TemporaryLedger()
        // Prompts of this traffic run to about 100 tokens, so the token-length scorer saturates there.
        var config = RouteledgerConfig.builtIn
        config.routing.strategyParams["threshold"] = ["max_tokens": .number(100)]
        var traffic = RoutedTraffic(config: config, seed: 11)
        traffic.generate(300)
        try await ledger.append(traffic.events)
        let engine = try await Self.engine(ledger)
        await ledger.close()
        let rows = try engine.selectedRows(ReplaySelection())
        let prices = ["qwen-max": TokenPrices(inputPer1K: 0.003, outputPer1K: 0.02)]
        for replacing in [[:], prices] {
            let sweep = try ThresholdSweep(engine: engine, scorer: scorer, rows: rows, prices: replacing)
            #expect(sweep.routed + sweep.kept + sweep.notReplayable.values.reduce(0, +) == 300)
            var shares: Set<Int> = []
            for threshold in try ThresholdRange.parse("0:1:0.05") {
                let point = sweep.point(at: threshold)
                let model = "router-\(scorer.rawValue)-\(threshold)"
                let alternative = try ReplayAlternative.resolve(ReplaySpec(model: model, prices: replacing), configs: engine.configs)
                let run = try engine.run(alternative, rows: rows)
                let replayedCost = run.cost.reduce(0, +)
                #expect(abs(point.costUSD - replayedCost) <= 1e-12 * max(1, replayedCost), "\(model)")
                #expect(point.strongRequests == Self.strongCount(run, engine, strong: "gpt-4o"), "\(model)")
                shares.insert(point.strongRequests)
            }
            // The sweep moves: thresholds send different numbers of requests to the strong model.
            #expect(shares.count >= 4)
            #expect(sweep.point(at: 0).strongRequests == sweep.routed)
        }
    }

    /// Requests with distinct complexity scores (as a classifier's continuous output), so any
    /// share can be met within one request.
    @Test(arguments: [0.0, 0.1, 0.2, 0.37, 0.5, 0.93, 1.0])
    func calibrateLandsWithinOneRequestOfTheTargetShare(share: Double) async throws {
        let ledger = try TemporaryLedger()
        let config = RouteledgerConfig.builtIn
        let router = RequestRouter(config: config)
        var events = [NewEvent(requestID: "config", event: .configApplied(ConfigApplied(config, source: "test")!), timestamp: 1)]
        var random = SeededGenerator(seed: 5)
        var scores: [Int] = []
        var seen: Set<Int> = []
        while scores.count < 257 {
            let score = Int(random.next() % 9_999)
            if seen.insert(score).inserted { scores.append(score) }
        }
        for (index, score) in scores.enumerated() {
            let id = "r\(index)"
            var classification = PromptClassification(
                taskType: .chatbot, creativity: 0, reasoning: 0, contextualKnowledge: 0, domainKnowledge: 0, constraints: 0,
                numberOfFewShots: 0)
            classification.complexityScore = Double(score) / 10_000
            let decision = router.decide(
                features: RoutingFeatures(tokenCount: 100, classification: classification, promptFingerprint: UInt64(index)),
                request: .defaultStrategy)
            events += [
                NewEvent(requestID: id, event: .routingDecided(decision), timestamp: 10),
                NewEvent(requestID: id, event: .completionSucceeded(CompletionSucceeded(
                    model: decision.chosenModel, provider: "simulated", upstreamResponseID: nil, inputTokens: 100,
                    outputTokens: 10, tokenSource: "provider", costUSD: 0.001, prices: TokenPrices(inputPer1K: 0, outputPer1K: 0),
                    latencyMilliseconds: 50, finishReason: "stop", responseText: nil)), timestamp: 11),
            ]
        }
        try await ledger.append(events)
        let engine = try await Self.engine(ledger)
        await ledger.close()
        let rows = try engine.selectedRows(ReplaySelection())
        let sweep = try ThresholdSweep(engine: engine, scorer: .complexity, rows: rows)
        let calibration = sweep.calibrate(strongShare: share)
        #expect(calibration.routedRequests == 257)
        #expect(abs(Double(calibration.strongRequests) - share * 257) <= 1, "\(calibration)")
        // The model string it prints routes exactly that share when replayed.
        let alternative = try ReplayAlternative.resolve(ReplaySpec(model: calibration.model), configs: engine.configs)
        let run = try engine.run(alternative, rows: rows)
        #expect(Self.strongCount(run, engine, strong: "gpt-4o") == calibration.strongRequests)
    }

    @Test func thresholdRangesAreParsedAndChecked() throws {
        let range = try ThresholdRange.parse("0:1:0.01")
        #expect(range.count == 101)
        #expect(range[30] == 0.3)
        #expect(range.last == 1)
        #expect(try ThresholdRange.parse("0.2:0.4:0.1") == [0.2, 0.3, 0.4])
        for bad in ["", "0:1", "a:1:0.1", "0:2:0.1", "0.5:0.4:0.1", "0:1:0", "0:1:-1", "0:1:0.000001", "0:1:nan"] {
            #expect(throws: InvalidQuery.self, "\(bad)") { try ThresholdRange.parse(bad) }
        }
    }
}
