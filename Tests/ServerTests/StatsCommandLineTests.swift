import CommandLineHarness
import DomainEvents
import Foundation
import Ledger
import Testing

/// `routeledger stats` and `routeledger rebuild` of the real executable on a hand-written ledger.
@Suite struct StatsCommandLineTests {
    /// Three requests: two succeeded (one without a tier, one after a failed attempt), one failed.
    private static func withLedger(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routeledger-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        let ledger = try Ledger(path: path, options: LedgerOptions(autoTrainAfterEvents: 0))
        func decided(_ tier: String, _ task: String, model: String, routingMicroseconds: Int) -> LedgerEvent {
            .routingDecided(RoutingDecided(
                strategy: StrategyRef(name: "complexity", version: 1),
                features: PromptFeatures(
                    tokenCount: 10, complexityScore: 0.2, taskType: task, tier: tier, creativity: 0, reasoning: 0,
                    contextualKnowledge: 0, domainKnowledge: 0, constraints: 0, numberOfFewShots: 0),
                candidates: [], chosenModel: model, tier: tier, fallbackPlan: [], reason: "r",
                routingLatencyMicroseconds: routingMicroseconds, configHash: "h"))
        }
        func succeeded(_ model: String, cost: Double, latency: Double, input: Int, output: Int) -> LedgerEvent {
            .completionSucceeded(CompletionSucceeded(
                model: model, provider: "p", upstreamResponseID: nil, inputTokens: input, outputTokens: output,
                tokenSource: "provider", costUSD: cost, prices: TokenPrices(inputPer1K: 0, outputPer1K: 0),
                latencyMilliseconds: latency, finishReason: "stop", responseText: nil))
        }
        let requests: [(String, [LedgerEvent])] = [
            ("a", [decided("simple", "Chatbot", model: "small", routingMicroseconds: 1_500),
                   succeeded("small", cost: 0.0012345, latency: 100, input: 10, output: 20)]),
            ("b", [decided("", "Code Generation", model: "big", routingMicroseconds: 2_250),
                   .upstreamFailed(UpstreamFailed(provider: "p", model: "big", attempt: 1, errorClass: "status", status: 503, latencyMilliseconds: 3)),
                   succeeded("big", cost: 0.02, latency: 300.5, input: 30, output: 40)]),
            ("c", [decided("complex", "Chatbot", model: "big", routingMicroseconds: 500),
                   .completionFailed(CompletionFailed(errorType: "upstream_failed", status: 502, message: "x", attempts: 2))]),
        ]
        var timestamp: Int64 = 1_763_700_000_000
        for (id, events) in requests {
            for event in events {
                timestamp += 1_000
                _ = try await ledger.append(NewEvent(requestID: id, event: event, timestamp: timestamp))
            }
        }
        await ledger.close()
        try await body(path)
    }

    private func json(_ output: CommandLineRunner.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func statsJSONHasTheLLMCompassFieldsWithTheirSemantics() async throws {
        try await Self.withLedger { path in
            let output = try await CommandLineRunner().run(["stats", "--ledger", path, "--json"])
            #expect(output.status == 0, "\(output.stderr)")
            let stats = try json(output)
            #expect(stats["total_calls"] as? Int == 2)
            #expect(stats["failed_calls"] as? Int == 1)
            // Python's round(0.0012345 + 0.02, 6) is 0.021234: the binary sum lies just below the tie.
            #expect(stats["total_cost_usd"] as? Double == 0.021234)
            #expect(stats["avg_latency_ms"] as? Double == 200.25)
            #expect(stats["avg_routing_ms"] as? Double == 1.88)  // Python: round((1.5 + 2.25) / 2, 2)
            #expect(stats["model_distribution"] as? [String: Int] == ["small": 1, "big": 1])
            #expect(stats["tier_distribution"] as? [String: Int] == ["simple": 1])
            #expect(stats["task_type_distribution"] as? [String: Int] == ["Chatbot": 1, "Code Generation": 1])
            #expect(stats["success_rate"] as? Double == 0.6667)
            #expect(stats["input_tokens"] as? Int == 40)
            #expect(stats["through_seq"] as? Int == 7)
            #expect(FileManager.default.fileExists(atPath: path + "-projections"))

            let text = try await CommandLineRunner().run(["stats", "--ledger", path])
            #expect(text.stdout.hasPrefix("calls        2 succeeded, 1 failed (success rate 66.67 %)\n"))
        }
    }

    @Test func filtersSelectByTimeAndModelAndBadOnesAreOneLineErrors() async throws {
        try await Self.withLedger { path in
            // Request a ends at +2 s, b at +5 s, c at +7 s after 1_763_700_000 (epoch seconds).
            let late = try json(try await CommandLineRunner().run(["stats", "--ledger", path, "--json", "--since", "1763700003"]))
            #expect(late["total_calls"] as? Int == 1)
            #expect(late["failed_calls"] as? Int == 1)
            #expect(late["model_distribution"] as? [String: Int] == ["big": 1])
            let iso = try json(try await CommandLineRunner().run(
                ["stats", "--ledger", path, "--json", "--until", "2025-11-21T04:40:03Z", "--model", "small"]))
            #expect(iso["total_calls"] as? Int == 1)
            #expect(iso["model_distribution"] as? [String: Int] == ["small": 1])

            let bad = try await CommandLineRunner().run(["stats", "--ledger", path, "--since", "last tuesday"])
            #expect(bad.status == 1)
            #expect(bad.stderr.hasPrefix("routeledger: since must be an ISO-8601 date and time"))
            #expect(bad.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func rebuildRefoldsAndStatsStayTheSame() async throws {
        try await Self.withLedger { path in
            let before = try await CommandLineRunner().run(["stats", "--ledger", path, "--json"]).stdout
            let rebuild = try await CommandLineRunner().run(["rebuild", "--ledger", path])
            #expect(rebuild.status == 0)
            #expect(rebuild.stdout.hasPrefix("rebuilt stats: 7 events in "))
            #expect(try await CommandLineRunner().run(["stats", "--ledger", path, "--json"]).stdout == before)
        }
    }

    @Test func rawPagesNewestFirstAndContinuesByCursor() async throws {
        try await Self.withLedger { path in
            let first = try await CommandLineRunner().run(["raw", "--ledger", path, "--limit", "2", "--json"])
            #expect(first.status == 0, "\(first.stderr)")
            let page = try json(first)
            #expect(page["total"] as? Int == 3)
            #expect((page["records"] as? [[String: Any]])?.map { $0["request_id"] as? String } == ["c", "b"])
            let cursor = try #require(page["next_cursor"] as? String)
            let rest = try json(try await CommandLineRunner().run(["raw", "--ledger", path, "--cursor", cursor, "--json"]))
            #expect((rest["records"] as? [[String: Any]])?.map { $0["request_id"] as? String } == ["a"])
            #expect(rest["next_cursor"] is NSNull)

            let text = try await CommandLineRunner().run(["raw", "--ledger", path, "--limit", "2"])
            let lines = text.stdout.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.first?.contains("  c  failed  big  complex  ") == true)
            #expect(lines.last == "records 1–2 of 3; next: --cursor \(cursor)")

            for bad in [["--limit=-1"], ["--offset", "x"], ["--cursor", "nope"]] {
                let output = try await CommandLineRunner().run(["raw", "--ledger", path] + bad)
                #expect(output.status == 1, "\(bad)")
                #expect(output.stderr.hasPrefix("routeledger: ") && output.stderr.filter { $0 == "\n" }.count == 1, "\(output.stderr)")
            }
        }
    }

    @Test(arguments: [["stats"], ["rebuild"], ["raw"]])
    func aMissingLedgerIsAOneLineErrorAndNothingIsCreated(command: [String]) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).sqlite").path
        let output = try await CommandLineRunner().run(command + ["--ledger", path])
        #expect(output.status == 1)
        #expect(output.stderr == "routeledger: no ledger at \(path)\n")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + "-projections"))
    }
}
