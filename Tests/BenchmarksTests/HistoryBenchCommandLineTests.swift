import Analytics
import CommandLineHarness
import Foundation
import Testing
@testable import Benchmarks

/// `routeledger-bench history --json` of the real executables on a small history: every figure is
/// there and is the measurement of what the benchmark says it did.
@Suite struct HistoryBenchCommandLineTests {
    private struct Percentiles: Decodable {
        var samples: Int
        var p50: Double
        var p99: Double
    }

    private struct Replay: Decodable {
        var alternative: String
        var selected: Int
        var replayed: Int
        var replayedPercent: Double
        var notReplayable: [String: Int]
        var commandSeconds: Double
        var firstCallSeconds: Double
        var afterLoad: Percentiles
    }

    private struct Figure: Decodable {
        var name: String
        var measured: Double
        var target: Double
        var bound: String
        var met: Bool
    }

    private struct Result: Decodable {
        var requests: Int
        var jsonLinesBytes: Int
        var importedRecords: Int
        var importedEvents: Int
        var importRecordsPerSecond: Double
        var ledgerBytes: Int
        var ledgerToJSONLines: Double
        var newestRequestID: String
        var oldestRequestID: String
        var auditNewest: Percentiles
        var auditOldest: Percentiles
        var statsByModel: Percentiles
        var statsByWindow: Percentiles
        var statsByModelAndWindow: Percentiles
        var statsDuringAudits: Percentiles
        var auditsDuringStats: Int
        var rebuildEvents: Int64
        var rebuildEventsPerSecond: Double
        var rebuildTimedBy: String
        var replays: [Replay]
        var figures: [Figure]
    }

    @Test func measuresEveryFigureOfAnImportedHistory() async throws {
        let records = 300, samples = 20
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["history", "--json", "--requests", "\(records)", "--samples", "\(samples)"])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try JSONDecoder().decode(Result.self, from: Data(output.stdout.utf8))

        // The same seeded history, written here: its size, its events and its first and last ids.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = try LLMCompassHistory.write(count: records, to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let withoutRouting = lines.filter { $0.contains(#""routing": null"#) }.count
        #expect(lines.count == records)
        #expect(withoutRouting > 0 && withoutRouting < records / 3)

        #expect(result.requests == records)
        #expect(result.jsonLinesBytes == bytes)
        #expect(result.importedRecords == records)
        #expect(result.importedEvents == 3 * records - withoutRouting)
        #expect(result.importRecordsPerSecond > 0)
        #expect(result.ledgerBytes > 0)
        #expect(abs(result.ledgerToJSONLines - Double(result.ledgerBytes) / Double(bytes)) < 1e-9)

        // The audited requests are the file's last and first records (every call answered 200, or
        // the command would have failed).
        #expect(result.newestRequestID == LLMCompassRecord.requestID(line: ArraySlice(lines.last!.utf8), occurrence: 1))
        #expect(result.oldestRequestID == LLMCompassRecord.requestID(line: ArraySlice(lines.first!.utf8), occurrence: 1))
        for figure in [result.auditNewest, result.auditOldest, result.statsByModel, result.statsByWindow,
                       result.statsByModelAndWindow, result.statsDuringAudits] {
            #expect(figure.samples == samples)
            #expect(figure.p50 > 0 && figure.p99 >= figure.p50)
        }
        #expect(result.auditsDuringStats >= 1)

        // Rebuild folds the imported events and the configuration `serve` recorded.
        #expect(result.rebuildEvents == Int64(result.importedEvents) + 1)
        #expect(result.rebuildTimedBy == "rebuild's own report")
        #expect(result.rebuildEventsPerSecond > 0)

        #expect(result.replays.map(\.alternative) == ["--strategy token-length", "--model router-complexity-0.3"])
        for replay in result.replays {
            #expect(replay.selected == records)
            #expect(replay.replayed + replay.notReplayable.values.reduce(0, +) == replay.selected)
            #expect(abs(replay.replayedPercent - 100 * Double(replay.replayed) / Double(records)) < 1e-9)
            #expect(replay.commandSeconds > 0 && replay.firstCallSeconds > 0)
            #expect(replay.afterLoad.samples == HistoryBenchmark.replaysAfterLoad)
        }

        #expect(result.figures.map(\.name) == [
            "import", "ledger ÷ JSONL bytes", "audit newest p99", "audit oldest p99", "/stats?model p99",
            "/stats?since&until p99", "/stats?model&since&until p99", "/stats filtered p99 during audits", "rebuild",
            "replay --strategy token-length replayed", "replay --strategy token-length after load p99",
            "replay --model router-complexity-0.3 replayed", "replay --model router-complexity-0.3 after load p99",
        ])
        #expect(result.figures.first { $0.name == "audit oldest p99" }?.measured == result.auditOldest.p99)
        for figure in result.figures {
            #expect(figure.met == (figure.bound == "at_least" ? figure.measured >= figure.target : figure.measured <= figure.target))
        }
    }
}
