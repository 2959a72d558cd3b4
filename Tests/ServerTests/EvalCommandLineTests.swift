import CommandLineHarness
import Foundation
import Testing

/// `routeledger eval` of the real executable on the repository's evaluation set and on broken sets.
@Suite struct EvalCommandLineTests {
    private static let repositorySet = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/RouterTests/Fixtures/Eval/routing_eval.jsonl").path

    /// The repository set's records of `split`, read without routeledger's code.
    private static func records(split: String) throws -> [[String: Any]] {
        try String(contentsOfFile: repositorySet, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["split"] as? String == split }
    }

    private static func withFile(_ text: String, _ body: (String) async throws -> Void) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString).jsonl")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try await body(file.path)
    }

    private static let goodLine =
        #"{"id":"a","split":"dev","language":"en","task_type":"Chatbot","tier":"simple","messages":[{"role":"user","content":"hi"}],"why":"greeting"}"#

    @Test func jsonOnTheHoldoutCountsEveryHoldoutRecordOnce() async throws {
        let holdout = try Self.records(split: "holdout")
        let output = try await CommandLineRunner().run(["eval", "--set", Self.repositorySet, "--split", "holdout", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(json["count"] as? Int == holdout.count)
        let confusion = try #require(json["tier_confusion"] as? [String: Any])
        let counts = try #require(confusion["counts"] as? [[Int]])
        #expect(counts.count == 3 && counts.allSatisfy { $0.count == 3 })
        #expect(counts.joined().reduce(0, +) == holdout.count)
        for (row, tier) in ["simple", "medium", "complex"].enumerated() {
            #expect(counts[row].reduce(0, +) == holdout.filter { $0["tier"] as? String == tier }.count, "\(tier)")
        }
        let perTaskType = try #require(json["per_task_type"] as? [[String: Any]])
        #expect(perTaskType.compactMap { $0["total"] as? Int }.reduce(0, +) == holdout.count)
        let perContext = try #require(json["per_context"] as? [[String: Any]])
        #expect(perContext.compactMap { $0["name"] as? String } == ["plain", "system_message", "multi_turn", "with_context"])
        #expect(json["auroc_complex"] is Double)
        #expect(json["best_thresholds"] is [String: Any])
    }

    @Test func textReportShowsEveryPartAndTheConfiguredThresholds() async throws {
        let output = try await CommandLineRunner().run(["eval", "--set", Self.repositorySet, "--split", "dev"])
        #expect(output.status == 0, "\(output.stderr)")
        let dev = try Self.records(split: "dev")
        for expected in [
            "split dev: \(dev.count) records", "default strategy complexity (complex_threshold ", "class", "Open QA",
            "language", "context", "with_context", "labelled \\ routed", "complex → simple", "simple → complex",
            "AUROC             complex vs not ", "best thresholds   medium ≥ ",
        ] {
            #expect(output.stdout.contains(expected), "\(expected)")
        }
    }

    @Test func aMissingSetIsOneLineWithANonZeroExit() async throws {
        let path = "/nonexistent/routing_eval-\(UUID().uuidString).jsonl"
        let output = try await CommandLineRunner().run(["eval", "--set", path])
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("\(path): cannot read the file"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test func aBadLineIsNamedWithANonZeroExit() async throws {
        let bad = Self.goodLine.replacingOccurrences(of: #""id":"a""#, with: #""id":"b""#)
            .replacingOccurrences(of: #""tier":"simple""#, with: #""tier":"hard""#)
        try await Self.withFile(Self.goodLine + "\n\n" + bad + "\n") { path in
            let output = try await CommandLineRunner().run(["eval", "--set", path])
            #expect(output.status != 0)
            #expect(output.stdout.isEmpty)
            #expect(output.stderr.contains(#"\#(path): line 3: unknown tier "hard""#), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test(arguments: [
        (["--split", "test"], #"unknown split "test" (expected dev, holdout or all)"#),
        (["--split", "holdout"], "no records in split holdout"),
    ])
    func aSplitThatSelectsNothingIsAnError(arguments: [String], message: String) async throws {
        try await Self.withFile(Self.goodLine + "\n") { path in
            let output = try await CommandLineRunner().run(["eval", "--set", path] + arguments)
            #expect(output.status != 0)
            #expect(output.stderr.contains(message), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1)
        }
    }
}
