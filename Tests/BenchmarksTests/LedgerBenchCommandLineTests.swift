import CommandLineHarness
import Foundation
import Testing

/// `routeledger-bench ledger` of the real executable, with small sizes.
@Suite struct LedgerBenchCommandLineTests {
    @Test func benchLedgerReportsEveryFigureAsJSON() async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(["ledger", "--events", "4000", "--producers", "4", "--json"])
        #expect(output.status == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(result["events"] as? Int == 4_000)
        for key in ["append_plain_events_per_s", "append_dictionary_events_per_s", "scan_decompress_decode_events_per_s",
                    "json_lines_bytes_per_event", "dictionary_bytes_per_event"] {
            #expect((result[key] as? Double ?? 0) > 0, "\(key)")
        }
        let json = try #require(result["json_lines_bytes_per_event"] as? Double)
        let dictionary = try #require(result["dictionary_bytes_per_event"] as? Double)
        #expect(dictionary < json)
    }

    @Test func badBenchArgumentsAreRejected() async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(["ledger", "--events", "10"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("--events must be at least 2000"))
    }

    /// Like `routeledger`'s: one line on standard error and a non-zero exit.
    @Test(arguments: [["ledger", "--events", "10"], ["ledger", "--no-such-flag"], ["no-such-benchmark"]])
    func usageMistakesAreOneLineWithANonZeroExit(arguments: [String]) async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(arguments)
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("routeledger-bench: "))
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }
}
