import Analytics
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Router
import SeededRandom
import Testing

/// An llm-compass history imported with features derived from its messages: every routed record
/// replays under every strategy, records that named a catalog model keep it, and the ledger ends
/// compressed with the dictionary it trained during the import.
@Suite struct ImportedReplayTests {
    /// The models the user-specified records name (built-in catalog models).
    static let namedModels = ["qwen-max", "gpt-4o-mini", "claude-3-5-haiku"]

    /// `count` llm-compass records from a seed, in turn: routed by llm-compass's classifier (its
    /// figures logged), sent to its fallback (figures null), and user-specified (a catalog model
    /// named). Prompts of 1 to 400 words, so token counts cross the token-length thresholds.
    static func history(count: Int, seed: UInt64) -> [String] {
        var random = SeededGenerator(seed: seed)
        let words = ["prove", "the", "theorem", "write", "code", "explain", "why", "data", "step", "poem"]
        return (0..<count).map { index in
            let length = 1 + Int(random.next() % 400)
            let prompt = (0..<length).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            let score = Double(random.next() % 100) / 100
            let named = namedModels[Int(random.next() % UInt64(namedModels.count))]
            let (method, requested, model, figures): (String, String, String, String) = switch index % 3 {
            case 0: ("classifier", "null", "qwen-plus", #""tier": "medium", "complexity_score": \#(score), "task_type": "Open QA", "domain_knowledge": 0.5, "reasoning": 0.25, "creativity": 0.0"#)
            case 1: ("fallback", "null", "qwen-turbo", #""tier": null, "complexity_score": null, "task_type": null, "domain_knowledge": null, "reasoning": null, "creativity": null"#)
            default: ("user_specified", #""\#(named)""#, named, #""tier": "complex", "complexity_score": \#(score), "task_type": "Open QA", "domain_knowledge": 0.5, "reasoning": 0.25, "creativity": 0.0"#)
            }
            return """
                {"timestamp": \(1_763_700_000 + index), "request": {"messages": [{"role": "user", "content": "\(prompt)"}], \
                "temperature": 0.7, "max_tokens": 512, "stream": false, "user_specified_model": \(requested)}, "routing": \
                {"method": "\(method)", "query": "\(prompt)", "routing_latency_ms": 0.25, \(figures)}, "llm": {"model": \
                "\(model)", "response_id": "r-\(index)", "response_content": "answer", "input_tokens": \(length + 7), \
                "output_tokens": 20, "total_tokens": \(length + 27), "cost_usd": 1.5e-05, "llm_latency_ms": 812.5}}
                """
        }
    }

    @Test(arguments: [ReplaySpec(strategy: "token-length"), ReplaySpec(model: "router-complexity-0.3")])
    func everyImportedRequestReplaysAndNamedModelsAreKept(spec: ReplaySpec) async throws {
        let ledger = try TemporaryLedger()
        let lines = Self.history(count: 300, seed: 41)
        let path = try ledger.write(lines, to: "call_history.jsonl")
        let summary = try await LLMCompassImporter(ledger: ledger.ledger, batchSize: 40).importFile(atPath: path)
        #expect(summary.imported == 300 && summary.malformed.isEmpty)
        let projector = try ledger.projector()
        let report = try await projector.replay(spec)
        var outcomes: [String: ReplayOutcome] = [:]
        try await projector.replayOutcomes(spec) { outcomes[$0.requestID] = $0 }
        await ledger.close()

        #expect(report.requests.selected == 300)
        #expect(report.requests.replayed == 300)
        #expect(report.requests.notReplayable.isEmpty)
        #expect(report.requests.kept == 100, "the user-specified third")
        #expect(report.requests.decidedAgain == 200)
        for (index, line) in lines.enumerated() {
            let id = LLMCompassRecord.requestID(line: ArraySlice(line.utf8), occurrence: 1)
            let outcome = try #require(outcomes[id])
            if index % 3 == 2 {
                #expect(outcome.kind == .kept)
                #expect(outcome.counterfactualModel == outcome.actualModel)
                #expect(Self.namedModels.contains(outcome.counterfactualModel))
            } else {
                #expect(outcome.kind == .decided)
            }
        }
    }

    @Test func importedDecisionsCarryTheFeaturesTheLiveRouterComputesBesideTheRecordedOnes() async throws {
        let ledger = try TemporaryLedger()
        let lines = Self.history(count: 30, seed: 42)
        _ = try await LLMCompassImporter(ledger: ledger.ledger).importFile(atPath: try ledger.write(lines, to: "h.jsonl"))
        let router = RequestRouter(config: .builtIn)
        for (index, line) in lines.enumerated() {
            let id = LLMCompassRecord.requestID(line: ArraySlice(line.utf8), occurrence: 1)
            let events = try await ledger.ledger.events(requestID: id).map { try $0.decoded() }
            guard case .requestReceived(let received) = events[0], case .routingDecided(let decided) = events[1],
                case .object(let message)? = received.messages?.first, case .string(let prompt)? = message["content"]
            else {
                Issue.record("record \(index) is not request.received with a prompt, then routing.decided")
                continue
            }
            let derived = try #require(decided.derived)
            let live = try router.route(
                messages: [ChatMessage(role: "user", content: prompt)], requestedModel: received.requestedModel)
            #expect(derived.features == live.features)
            #expect(derived.derivedAt == "import" && derived.routerVersion == RequestRouter.featuresVersion)
            #expect(derived.requestedModel == (index % 3 == 2 ? live.chosenModel : nil))
            #expect(decided.strategy.name == ["classifier", "fallback", "user_specified"][index % 3], "the recorded method stays")
            #expect(decided.features.tokenCount == 0, "llm-compass logged no token count; the recorded features stay as logged")
        }
        await ledger.close()
    }

    @Test func anImportPastTheTrainingThresholdEndsWithEveryEventInTheTrainedDictionary() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-dict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = LedgerOptions()
        options.autoTrainAfterEvents = 300
        options.trainingSampleCount = 300
        let path = directory.appendingPathComponent("ledger.sqlite").path
        let ledger = try Ledger(path: path, options: options)
        let history = directory.appendingPathComponent("call_history.jsonl")
        try Data(Self.history(count: 400, seed: 43).map { $0 + "\n" }.joined().utf8).write(to: history)

        let summary = try await LLMCompassImporter(ledger: ledger, batchSize: 25).importFile(atPath: history.path)
        #expect(summary.events == 1_200)
        let dictionary = try #require(ledger.currentDictionary, "trained during the import")
        await #expect(try ledger.store.dictionaries().map(\.id) == [dictionary.id])
        let records = try await ledger.store.records(after: 0, limit: 2_000)
        #expect(records.count == 1_200)
        #expect(records.filter { $0.dictionaryID != dictionary.id }.map(\.seq) == [], "events before the training were recompressed")
        await #expect(try ledger.verify() == .intact(count: 1_200, head: try ledger.head()))
        await ledger.close()
    }
}
