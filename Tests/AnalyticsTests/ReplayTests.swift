import CanonicalJSON
import Analytics
import DomainEvents
import Foundation
import Ledger
import Router
import Testing

/// The replay engine on ledgers routed by the live router: reproduction, hand-computed costs,
/// prices, unreplayable requests, feedback, and that nothing is written to the ledger.
@Suite struct ReplayTests {
    /// A ledger of `count` requests routed under `config`, and its projector.
    private static func withTraffic(
        _ config: RouteledgerConfig, count: Int = 240, seed: UInt64 = 7, failEvery: Int = 15,
        _ body: (TemporaryLedger, StatsProjector, RoutedTraffic) async throws -> Void
    ) async throws {
        let ledger = try TemporaryLedger()
        var traffic = RoutedTraffic(config: config, seed: seed)
        traffic.generate(count, failEvery: failEvery)
        try await ledger.append(traffic.events)
        let projector = try ledger.projector()
        do {
            try await body(ledger, projector, traffic)
        } catch {
            await ledger.close()
            throw error
        }
        await ledger.close()
    }

    @Test(arguments: [
        ("complexity", [String: StrategyParameter]()),
        ("token-length", ["medium_tokens": .number(12), "complex_tokens": .number(40)]),
        ("threshold", ["threshold": .number(0.2)]),
        ("threshold", ["scorer": .text("random"), "threshold": .number(0.5)]),
        ("latency", [:]),
        ("fixed", ["model": .text("qwen-plus")]),
    ])
    func replayingTheLiveStrategyReproducesEveryRecordedDecision(strategy: String, params: [String: StrategyParameter]) async throws {
        let config = RouteledgerConfig.builtIn(defaultStrategy: strategy, params: params)
        try await Self.withTraffic(config) { _, projector, traffic in
            let report = try await projector.replay(ReplaySpec(strategy: strategy))
            let routed = 240 - 240 / 6
            #expect(report.requests.selected == 240)
            #expect(report.requests.replayed == 240)
            #expect(report.requests.decidedAgain == routed)
            #expect(report.requests.kept == 240 / 6)
            #expect(report.requests.notReplayable.isEmpty)
            #expect(report.changed.count == 0)
            #expect(report.examples.isEmpty)
            #expect(report.counterfactual.costUSD == report.actual.costUSD)
            #expect(report.counterfactual.modelShare == report.actual.modelShare)
            #expect(report.counterfactual.tierShare == report.actual.tierShare)
            #expect(report.counterfactual.latencyMs == report.actual.latencyMs)
            // The traffic is not degenerate: it used several models.
            #expect(Set(traffic.events.compactMap { event -> String? in
                if case .routingDecided(let decided) = event.event { return decided.chosenModel } else { return nil }
            }).count >= (strategy == "fixed" ? 3 : 2))
        }
    }

    /// Issue 16: traffic routed by the first (lexical) classifier, before the learned one shipped,
    /// replays exactly under today's code — each decision from the features it recorded (its
    /// NVIDIA-weighted score, no `classifier` field), never from the new classifier's, which would
    /// put many of the same prompts in other tiers.
    @Test func decisionsOfTheFirstClassifierReplayWithTheFeaturesTheyRecorded() async throws {
        let config = RouteledgerConfig.builtIn(
            defaultStrategy: "complexity", params: ["medium_threshold": .number(0.2), "complex_threshold": .number(0.3)])
        var traffic = RoutedTraffic(config: config, seed: 11, classifier: LexicalPromptClassifier())
        traffic.generate(120, failEvery: 15)
        let learned = RequestRouter(config: config)
        var events: [NewEvent] = []
        var prompts: [String: [ChatMessage]] = [:]
        var movedByTheNewClassifier = 0
        var routed = 0
        for event in traffic.events {
            switch event.event {
            case .requestReceived(let received)?:
                prompts[event.requestID] = received.messages?.compactMap { message -> ChatMessage? in
                    guard case .object(let fields) = message, let content = fields["content"], case .string(let text) = content
                    else { return nil }
                    return ChatMessage(role: "user", content: text)
                }
                events.append(event)
            case .routingDecided(var decided)?:
                #expect(decided.features.classifier == "lexical-1")
                decided.features.classifier = nil  // as decisions were written before classifiers had versions
                events.append(NewEvent(requestID: event.requestID, event: .routingDecided(decided), timestamp: event.timestamp))
                guard decided.strategy.name == "complexity", let messages = prompts[event.requestID] else { continue }
                routed += 1
                let now = try learned.route(messages: messages, requestedModel: nil)
                if now.tier != decided.tier { movedByTheNewClassifier += 1 }
            default:
                events.append(event)
            }
        }
        #expect(routed >= 40)
        #expect(movedByTheNewClassifier >= 5, "the new classifier would route some of these prompts otherwise")

        let ledger = try TemporaryLedger()
        try await ledger.append(events)
        let projector = try ledger.projector()
        let report = try await projector.replay(ReplaySpec(strategy: "complexity"))
        await ledger.close()
        #expect(report.requests.replayed == 120)
        #expect(report.requests.notReplayable.isEmpty)
        #expect(report.changed.count == 0)
        #expect(report.counterfactual.costUSD == report.actual.costUSD)
    }

    /// Three requests of known features and tokens under the built-in catalog, replayed from
    /// `router-complexity-0.5` to `router-complexity-0.3`: the one scoring 0.4 moves from
    /// gpt-4o-mini to gpt-4o.
    @Test func counterfactualCostEqualsTheHandComputedCase() async throws {
        let ledger = try TemporaryLedger()
        let config = RouteledgerConfig.builtIn
        let router = RequestRouter(config: config)
        var events = [NewEvent(requestID: "config", event: .configApplied(ConfigApplied(config, source: "test")!), timestamp: 1)]
        // (score, input tokens, output tokens)
        let requests: [(Double, Int, Int)] = [(0.2, 1_000, 500), (0.4, 2_000, 1_000), (0.7, 3_000, 100)]
        for (index, request) in requests.enumerated() {
            let id = "r\(index)"
            var classification = PromptClassification(
                taskType: .openQA, creativity: 0, reasoning: 0, contextualKnowledge: 0, domainKnowledge: 0,
                constraints: 0, numberOfFewShots: 0)
            classification.complexityScore = request.0
            let features = RoutingFeatures(tokenCount: request.1, classification: classification, promptFingerprint: 42)
            let decision = router.decide(features: features, request: .threshold(scorer: .complexity, threshold: 0.5))
            let model = config.catalog.model(named: decision.chosenModel)!
            let prices = TokenPrices(inputPer1K: model.inputPricePer1K, outputPer1K: model.outputPricePer1K)
            events += [
                NewEvent(requestID: id, event: .requestReceived(RequestReceived(
                    requestID: id, requestedModel: "router-complexity-0.5", messages: nil, estimatedPromptTokens: request.1)),
                    timestamp: 10 + Int64(index)),
                NewEvent(requestID: id, event: .routingDecided(decision), timestamp: 10 + Int64(index)),
                NewEvent(requestID: id, event: .completionSucceeded(CompletionSucceeded(
                    model: model.name, provider: "simulated", upstreamResponseID: nil, inputTokens: request.1,
                    outputTokens: request.2, tokenSource: "provider",
                    costUSD: prices.cost(inputTokens: request.1, outputTokens: request.2), prices: prices,
                    latencyMilliseconds: 100, finishReason: "stop", responseText: nil)), timestamp: 20 + Int64(index)),
            ]
        }
        try await ledger.append(events)
        let projector = try ledger.projector()
        let report = try await projector.replay(ReplaySpec(model: "router-complexity-0.3"))
        await ledger.close()
        // Actual: 0.2 and 0.4 on gpt-4o-mini (0.00015 / 0.0006 per 1k), 0.7 on gpt-4o (0.0025 / 0.01).
        let actual = (1.0 * 0.00015 + 0.5 * 0.0006) + (2.0 * 0.00015 + 1.0 * 0.0006) + (3.0 * 0.0025 + 0.1 * 0.01)
        // Counterfactual: the 0.4 request on gpt-4o.
        let counterfactual = (1.0 * 0.00015 + 0.5 * 0.0006) + (2.0 * 0.0025 + 1.0 * 0.01) + (3.0 * 0.0025 + 0.1 * 0.01)
        #expect(abs(report.actual.costUSD - actual) < 1e-12)
        #expect(abs(report.counterfactual.costUSD - counterfactual) < 1e-12)
        #expect(abs(report.costDeltaUSD - 0.0141) < 1e-12)
        #expect(report.changed.count == 1)
        let example = try #require(report.examples.first)
        #expect(example.requestID == "r1")
        #expect(example.actual.model == "gpt-4o-mini")
        #expect(example.counterfactual.model == "gpt-4o")
        #expect(example.actual.reason == "router-complexity-0.50: complexity score 0.40 < 0.50 → weak → gpt-4o-mini")
        #expect(example.counterfactual.reason == "router-complexity-0.30: complexity score 0.40 ≥ 0.30 → strong → gpt-4o")
        #expect(example.promptExcerpt == nil)
        #expect(abs(example.costDeltaUSD - 0.0141) < 1e-12)
        #expect(report.counterfactual.modelShare["gpt-4o"] == 2.0 / 3.0)
        #expect(report.actual.modelShare["gpt-4o"] == 1.0 / 3.0)
        #expect(report.counterfactual.tierShare["complex"] == 2.0 / 3.0)
        // gpt-4o's only observed latency is 100 ms, so the moved request is estimated at 100 ms.
        #expect(report.counterfactual.latencyMs.requests == 3)
        #expect(report.assumptions.contains { $0.hasPrefix("Output tokens are assumed equal to those observed") })
    }

    @Test func aPriceTableAloneRepricesTheRecordedDecisions() async throws {
        try await Self.withTraffic(.builtIn, count: 60) { _, projector, traffic in
            let prices = ["gpt-4o-mini": TokenPrices(inputPer1K: 1, outputPer1K: 2)]
            let report = try await projector.replay(ReplaySpec(prices: prices))
            #expect(report.changed.count == 0)
            #expect(report.requests.kept == report.requests.replayed)
            var expected = 0.0
            for event in traffic.events {
                guard case .completionSucceeded(let completion) = event.event else { continue }
                expected += completion.model == "gpt-4o-mini"
                    ? Double(completion.inputTokens) / 1_000 * 1 + Double(completion.outputTokens) / 1_000 * 2
                    : completion.costUSD
            }
            #expect(abs(report.counterfactual.costUSD - expected) < 1e-9)
            #expect(report.counterfactual.costUSD > report.actual.costUSD)
            #expect(report.alternative == "the recorded decisions with replacement prices for gpt-4o-mini")
        }
    }

    @Test func replayLeavesTheLedgerUntouched() async throws {
        try await Self.withTraffic(.builtIn, count: 50) { ledger, projector, _ in
            let before = try await #require(try ledger.ledger.head())
            _ = try await projector.replay(ReplaySpec(strategy: "token-length"))
            _ = try await projector.replay(ReplaySpec(model: "router-random-0.5"))
            let after = try await #require(try ledger.ledger.head())
            #expect(after.seq == before.seq)
            #expect(after.hash == before.hash)
        }
    }

    @Test func listingEveryOutcomeFailsLoudlyWhenARebuildDroppedTheStoredRows() async throws {
        try await Self.withTraffic(.builtIn, count: 60) { ledger, projector, _ in
            let spec = ReplaySpec(strategy: "token-length")
            var listed: [ReplayOutcome] = []
            try await projector.replayOutcomes(spec) { listed.append($0) }
            let report = try await projector.replay(spec)
            #expect(listed.count == report.requests.selected)
            #expect(listed.filter(\.changed).count == report.changed.count)
            // Another process (`routeledger rebuild`) drops the stored rows while this one has its table loaded.
            try ProjectionStore(ledgerPath: ledger.path).drop(StatsProjection.name)
            var partial = 0
            await #expect(throws: ReplayOutcome.StoreChanged(unlisted: report.requests.selected)) {
                try await projector.replayOutcomes(spec) { _ in partial += 1 }
            }
            #expect(partial == 0)
        }
    }

    @Test func selectionFiltersByKeyStatusAndModel() async throws {
        try await Self.withTraffic(.builtIn, count: 90) { _, projector, _ in
            let failed = try await projector.replay(ReplaySpec(strategy: "complexity", selection: ReplaySelection(status: .failed)))
            #expect(failed.requests.selected == 90 / 15)
            let team = try await projector.replay(ReplaySpec(strategy: "complexity", selection: ReplaySelection(key: "team-1")))
            #expect(team.requests.selected == 30)
            let mini = try await projector.replay(ReplaySpec(strategy: "complexity", selection: ReplaySelection(model: "gpt-4o-mini")))
            #expect(mini.actual.modelShare.filter { $0.value > 0 }.keys.allSatisfy { $0 == "gpt-4o-mini" || $0 == "gpt-4o" || $0 == "qwen-plus" || $0 == "claude-3-5-haiku" })
            #expect(mini.requests.selected > 0 && mini.requests.selected < 90)
        }
    }

    @Test(arguments: [
        (ReplaySpec(strategy: "cheapest"), "strategy"),
        (ReplaySpec(strategy: "complexity", params: ["complex_threshold": .number(1.5)]), "params.complex_threshold"),
        (ReplaySpec(strategy: "complexity", params: ["colour": .text("red")]), "params.colour"),
        (ReplaySpec(strategy: "threshold", params: ["scorer": .text("vibes")]), "params.scorer"),
        (ReplaySpec(strategy: "fixed", params: ["model": .text("gpt-9")]), "params.model"),
        (ReplaySpec(strategy: "complexity", params: ["medium_threshold": .number(0.8), "complex_threshold": .number(0.5)]), "params.medium_threshold"),
        (ReplaySpec(model: "router-complexity-1.5"), "model"),
        (ReplaySpec(model: "router-vibes-0.5"), "model"),
        (ReplaySpec(model: "gpt-9"), "model"),
        (ReplaySpec(strategy: "complexity", model: "auto"), "model"),
        (ReplaySpec(params: ["threshold": .number(0.3)]), "params"),
        (ReplaySpec(), "strategy"),
        (ReplaySpec(prices: ["gpt-9": TokenPrices(inputPer1K: 1, outputPer1K: 1)]), "prices"),
        (ReplaySpec(strategy: "complexity", selection: ReplaySelection(since: 4_000_000_000_000)), "selection"),
        (ReplaySpec(strategy: "complexity", examples: 101), "examples"),
    ])
    func badSpecsAreAProblemNamingTheirParameter(spec: ReplaySpec, parameter: String) async throws {
        try await Self.withTraffic(.builtIn, count: 12) { ledger, projector, _ in
            let before = try await ledger.ledger.head()
            do {
                _ = try await projector.replay(spec)
                Issue.record("expected a problem with \(parameter)")
            } catch let problem as InvalidQuery {
                #expect(problem.parameter == parameter, "\(problem.message)")
                #expect(!problem.message.isEmpty && !problem.message.contains("\n"))
            }
            await #expect(try ledger.ledger.head() == before)
        }
    }

    /// The samples: 6 with a routing section, 5 of them with messages to derive features from (the
    /// sixth's messages are not a list, and it logged a token count and complexity score that are not
    /// numbers); 2 without a routing section, one of which named qwen-max (llm-compass logs a named
    /// model without routing) and keeps it; the fallback record named gpt-4o, a catalog model.
    @Test func importedRecordsReplayFromTheFeaturesDerivedAtImport() async throws {
        let ledger = try TemporaryLedger()
        let path = try ledger.write(LLMCompassSamples.all, to: "history.jsonl")
        _ = try await LLMCompassImporter(ledger: ledger.ledger).importFile(atPath: path)
        let projector = try ledger.projector()
        let byLength = try await projector.replay(ReplaySpec(strategy: "token-length"))
        let byComplexity = try await projector.replay(ReplaySpec(strategy: "complexity"))
        let byModel = try await projector.replay(ReplaySpec(model: "gpt-4o"))
        await ledger.close()
        #expect(byLength.requests.selected == 8)
        #expect(byLength.requests.notReplayable == ["not recorded: token_count": 1, "no routing decision recorded": 1])
        #expect(byLength.requests.replayed == 6)
        #expect(byLength.requests.kept == 2, "the fallback record named gpt-4o and the unrouted one qwen-max; both keep them")
        #expect(byComplexity.requests.notReplayable == ["not recorded: complexity_score": 1, "no routing decision recorded": 1])
        #expect(byComplexity.requests.replayed == 6)
        #expect(byComplexity.requests.kept == 2)
        #expect(byModel.requests.notReplayable == ["no routing decision recorded": 1])
        #expect(byModel.counterfactual.modelShare["gpt-4o"] == 6.0 / 7)
        #expect(byModel.counterfactual.modelShare["qwen-max"] == 1.0 / 7)
        #expect(byLength.assumptions.contains { $0.hasPrefix("2 requests could not be replayed") })
    }

    @Test func observedFeedbackIsShownPerModelAsAnObservationalEstimate() async throws {
        try await Self.withTraffic(.builtIn, count: 30, failEvery: 1_000) { ledger, projector, traffic in
            var served: [String: String] = [:]
            for event in traffic.events {
                if case .completionSucceeded(let completion) = event.event { served[event.requestID] = completion.model }
            }
            let rated = served.keys.sorted().prefix(6)
            for (index, id) in rated.enumerated() {
                _ = try await ledger.ledger.append(NewEvent(requestID: id, event: .feedbackRecorded(FeedbackRecorded(
                    requestID: id, score: Double(index) / 10, label: index % 2 == 0 ? "good" : nil, comment: nil))))
            }
            let report = try await projector.replay(ReplaySpec(model: "router-complexity-0.1"))
            let feedback = try #require(report.feedback)
            #expect(feedback.note.hasPrefix("observational estimate"))
            var expected: [String: [Double]] = [:]
            for (index, id) in rated.enumerated() { expected[served[id]!, default: []].append(Double(index) / 10) }
            #expect(feedback.models.map(\.model) == expected.keys.sorted())
            for model in feedback.models {
                let scores = expected[model.model]!
                #expect(model.feedbackCount == scores.count)
                #expect(abs(model.meanScore! - scores.reduce(0, +) / Double(scores.count)) < 1e-12)
                #expect(model.actualShare == report.actual.modelShare[model.model] ?? 0)
                #expect(model.counterfactualShare == report.counterfactual.modelShare[model.model] ?? 0)
            }
        }
    }
}
