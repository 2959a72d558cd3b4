import CanonicalJSON
import CommandLineHarness
import Foundation
import Ledger
import Testing

/// `routeledger import` and `routeledger export` of the real executable on an llm-compass call history.
@Suite struct ImportExportCommandLineTests {
    /// Three records, as llm-compass writes them, ten seconds apart from 2025-11-21T10:00:00Z.
    private static let records = (0..<3).map { index in
        """
        {"timestamp": "2025-11-21T10:00:\(index)0.25", "request": {"messages": [{"role": "user", "content": "question \(index) ✓"}], \
        "temperature": 0.7, "max_tokens": 256, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", \
        "query": "question \(index) ✓", "routing_latency_ms": 0.4567, "tier": "simple", "complexity_score": 0.1\(index), \
        "task_type": "Chatbot", "domain_knowledge": 0.0, "reasoning": 0.0, "creativity": 0.1}, "llm": {"model": "qwen-turbo", \
        "response_id": "r\(index)", "response_content": "answer \(index)", "input_tokens": \(index + 1), "output_tokens": 2, \
        "total_tokens": \(index + 3), "cost_usd": 1e-06, "llm_latency_ms": 100.5}}
        """
    }

    /// The history file: the records with a blank line and two malformed lines (2 and 5) among them.
    private static let history = [
        records[0], "garbage", records[1], "", #"{"timestamp": "yesterday", "request": {}, "llm": {"model": "m"}}"#, records[2],
    ].map { $0 + "\n" }.joined()

    private static func withFiles(_ body: (_ ledger: String, _ history: String, _ directory: URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routeledger-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = directory.appendingPathComponent("call_history.jsonl")
        try Data(Self.history.utf8).write(to: history)
        try await body(directory.appendingPathComponent("ledger.sqlite").path, history.path, directory)
    }

    private func values(_ jsonLines: String) throws -> [JSONValue] {
        try jsonLines.split(separator: "\n").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    @Test func importSkipsAndNamesMalformedLinesAndASecondImportAddsNothing() async throws {
        try await Self.withFiles { ledger, history, _ in
            let run = try CommandLineRunner()
            #expect(!FileManager.default.fileExists(atPath: ledger))
            let first = try await run.run(["import", "--format", "llm-compass", history, "--ledger", ledger])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "imported 3 records (9 events), 0 already present, 2 malformed lines skipped\n")
            #expect(first.stderr == """
                line 2: skipped: not JSON (at byte 0: expected a value)
                line 5: skipped: timestamp "yesterday" is not ISO-8601

                """)
            let head = try await run.run(["verify", "--ledger", ledger])
            #expect(head.stdout.hasPrefix("OK 9 events, head 9 "))

            let second = try await run.run(["import", "--format", "llm-compass", history, "--ledger", ledger, "--json"])
            #expect(second.status == 0)
            let summary = try #require(JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
            #expect(summary["imported"] as? Int == 0)
            #expect(summary["events"] as? Int == 0)
            #expect(summary["already_present"] as? Int == 3)
            #expect((summary["malformed"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [2, 5])
            #expect(try await run.run(["verify", "--ledger", ledger]).stdout == head.stdout)
        }
    }

    @Test func explainingAnImportedRequestSaysItsPricesWereNotRecordedAndShowsItsCost() async throws {
        try await Self.withFiles { ledger, history, _ in
            let run = try CommandLineRunner()
            #expect(try await run.run(["import", "--format", "llm-compass", history, "--ledger", ledger]).status == 0)
            let raw = try await run.run(["raw", "--limit", "1", "--json", "--ledger", ledger])
            let page = try #require(JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any])
            let requestID = try #require((page["records"] as? [[String: Any]])?.first?["request_id"] as? String)

            let text = try await run.run(["explain", requestID, "--ledger", ledger])
            #expect(text.status == 0, "\(text.stderr)")
            let costLine = text.stdout.split(separator: "\n").first { $0.hasPrefix("cost") }
            #expect(costLine == """
                cost      3 input tokens + 2 output tokens at prices not recorded (imported from llm-compass, which logs \
                only the cost) (recorded $1e-06)
                """)
            let json = try await run.run(["explain", requestID, "--ledger", ledger, "--json"])
            let audit = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let cost = try #require(audit["cost"] as? [String: Any])
            #expect(cost["prices_recorded"] as? Bool == false)
            #expect(cost["recorded_cost_usd"] as? Double == 1e-06)
            #expect(cost["input_tokens"] as? Int == 3 && cost["output_tokens"] as? Int == 2)
            #expect(cost["matches"] == nil && cost["recomputed_cost_usd"] == nil && cost["input_per_1k"] == nil)
        }
    }

    @Test func exportWritesTheImportedRecordsBack() async throws {
        try await Self.withFiles { ledger, history, directory in
            let run = try CommandLineRunner()
            #expect(try await run.run(["import", "--format", "llm-compass", history, "--ledger", ledger]).status == 0)
            let originals = try values(Self.records.joined(separator: "\n"))

            let exported = try await run.run(["export", "--format", "llm-compass", "--ledger", ledger])
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(exported.stderr.isEmpty)
            #expect(try values(exported.stdout) == originals)

            let file = directory.appendingPathComponent("export.jsonl").path
            let toFile = try await run.run(["export", "--format", "llm-compass", "--ledger", ledger, "--output", file])
            #expect(toFile.stdout == "exported 3 records to \(file)\n")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == exported.stdout)

            // Received in [10:00:10, 10:00:20): the second record only.
            let range = try await run.run([
                "export", "--format", "llm-compass", "--ledger", ledger, "--since", "2025-11-21T10:00:10Z", "--until", "1763719220",
            ])
            #expect(try values(range.stdout) == [originals[1]])
        }
    }

    @Test(arguments: [
        (["import", "--format", "llm-compass", "missing.jsonl"], "routeledger: cannot read {dir}/missing.jsonl: No such file or directory"),
        (["import", "--format", "csv", "call_history.jsonl"], "routeledger: The value 'csv' is invalid for '--format <format>'"),
        (["import", "call_history.jsonl"], "routeledger: Missing expected argument '--format <format>'"),
        (["export", "--format", "csv"], "routeledger: The value 'csv' is invalid for '--format <format>'"),
        (["export", "--format", "llm-compass", "--since", "last week"], "routeledger: since must be an ISO-8601 date and time"),
    ])
    func badInputIsOneLineOnStandardErrorWithANonZeroExit(arguments: [String], message: String) async throws {
        try await Self.withFiles { ledger, _, directory in
            let run = try CommandLineRunner()
            if arguments[0] == "export" {
                #expect(try await run.run(["import", "--format", "llm-compass", directory.appendingPathComponent("call_history.jsonl").path,
                                     "--ledger", ledger]).status == 0)
            }
            let resolved = arguments.map { $0.hasSuffix(".jsonl") ? directory.appendingPathComponent($0).path : $0 }
            let output = try await run.run(resolved + ["--ledger", ledger])
            #expect(output.status != 0)
            #expect(output.stdout.isEmpty)
            #expect(output.stderr.hasPrefix(message.replacingOccurrences(of: "{dir}", with: directory.path)), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
            if arguments[0] == "import" { #expect(!FileManager.default.fileExists(atPath: ledger)) }
        }
    }
}
