import CommandLineHarness
import DomainEvents
import Foundation
import Ledger
import Testing

/// The ledger commands of the real `routeledger` executable: output, JSON and exit status.
@Suite struct LedgerCommandLineTests {
    private static func withLedger(events count: Int, _ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routeledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        let ledger = try Ledger(path: path, options: LedgerOptions(autoTrainAfterEvents: 0))
        let events = (0..<count).map { index in
            NewEvent(
                requestID: "req-\(index)",
                event: .completionFailed(CompletionFailed(
                    errorType: "upstream_error", status: 502, message: "provider \(index % 7) unavailable", attempts: index % 3 + 1)),
                timestamp: 1_700_000_000_000 + Int64(index))
        }
        if !events.isEmpty { _ = try await ledger.append(events) }
        await ledger.close()
        try await body(path)
    }

    @Test func verifyPrintsCountAndHeadHashOfAnIntactLedger() async throws {
        try await Self.withLedger(events: 150) { path in
            let ledger = try Ledger(path: path)
            let head = try await #require(try ledger.head())
            await ledger.close()
            let output = try await CommandLineRunner().run(["verify", "--ledger", path])
            #expect(output.status == 0)
            #expect(output.stdout == "OK 150 events, head 150 \(head.hash.hexString)\n")
        }
    }

    @Test func verifyReportsTheFirstBadSeqAndExitsOne() async throws {
        try await Self.withLedger(events: 40) { path in
            let ledger = try Ledger(path: path)
            let records = try await ledger.store.records(after: 16, limit: 1)
            await ledger.close()
            try #require(records.first?.seq == 17)
            // Alter the timestamp of seq 17 behind the ledger's back.
            try SQLiteEdit.execute(path: path, sql: "UPDATE events SET ts = ts + 1 WHERE seq = 17")
            let output = try await CommandLineRunner().run(["verify", "--ledger", path, "--json"])
            #expect(output.status == 1)
            let report = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            #expect(report?["ok"] as? Bool == false)
            #expect(report?["bad_seq"] as? Int == 17)
        }
    }

    @Test func missingLedgerIsAOneLineErrorAndNotCreated() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).sqlite").path
        let output = try await CommandLineRunner().run(["verify", "--ledger", path])
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("no ledger at \(path)"))
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func fileThatIsNotALedgerIsRefused() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString).txt").path
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try await CommandLineRunner().run(["verify", "--ledger", path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("not a routeledger ledger"))
    }

    @Test func infoCountsEventsByTypeAsJSON() async throws {
        try await Self.withLedger(events: 25) { path in
            let output = try await CommandLineRunner().run(["ledger", "info", "--ledger", path, "--json"])
            #expect(output.status == 0)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let overview = try #require(report["overview"] as? [String: Any])
            #expect(overview["event_count"] as? Int == 25)
            #expect(overview["head_seq"] as? Int == 25)
            #expect((overview["counts_by_type"] as? [String: Int])?["completion.failed"] == 25)
            #expect(overview["first_ts"] as? Int == 1_700_000_000_000)
            #expect(overview["last_ts"] as? Int == 1_700_000_000_024)
            #expect((report["dictionaries"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func trainDictRecompressKeepsTheChainAndHead() async throws {
        try await Self.withLedger(events: 600) { path in
            let before = try await CommandLineRunner().run(["verify", "--ledger", path])
            let trained = try await CommandLineRunner().run(["ledger", "train-dict", "--ledger", path, "--json"])
            #expect(trained.status == 0)
            let dictionary = try #require(try JSONSerialization.jsonObject(with: Data(trained.stdout.utf8)) as? [String: Int])
            #expect(dictionary["id"] == 1)
            #expect(dictionary["samples"] == 600)
            let recompressed = try await CommandLineRunner().run(["ledger", "recompress", "--ledger", path, "--json"])
            #expect(recompressed.status == 0)
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(recompressed.stdout.utf8)) as? [String: Int])
            #expect(summary["recompressed"] == 600)
            #expect(summary["dictionary"] == 1)
            let after = try await CommandLineRunner().run(["verify", "--ledger", path])
            #expect(after.status == 0)
            #expect(after.stdout == before.stdout)
        }
    }

    @Test func trainDictOnAnEmptyLedgerFailsWithAReason() async throws {
        try await Self.withLedger(events: 0) { path in
            let output = try await CommandLineRunner().run(["ledger", "train-dict", "--ledger", path])
            #expect(output.status != 0)
            #expect(output.stderr.contains("at least 100 events"))
        }
    }
}

/// Command-line mistakes get one line on standard error and a non-zero exit.
@Suite struct CommandLineErrorTests {
    @Test(arguments: [
        ["bench", "ledger", "--events", "10"],
        ["verify", "--no-such-flag"],
        ["no-such-command"],
        ["ledger", "train-dict", "--size", "12"],
    ])
    func usageMistakesAreOneLineWithANonZeroExit(arguments: [String]) async throws {
        let output = try await CommandLineRunner().run(arguments)
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("routeledger: "))
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }

    @Test func helpStillPrintsInFullAndSucceeds() async throws {
        let output = try await CommandLineRunner().run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("SUBCOMMANDS"))
        #expect(output.stdout.contains("verify"))
    }
}
