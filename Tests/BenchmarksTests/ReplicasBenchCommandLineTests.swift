import CommandLineHarness
import Foundation
import Testing

/// `routeledger-bench replicas` of the real executable, with small sizes, on the test cluster
/// (`ROUTELEDGER_TEST_DATABASE_URL`, which `make test` sets and the runner passes on).
@Suite struct ReplicasBenchCommandLineTests {
    @Test func benchReplicasAppendsThroughEachCountAndSQLiteAndReportsJSON() async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["replicas", "--replicas", "1,2", "--events", "2000", "--producers", "8", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { "\($0["store"] ?? "") × \($0["replicas"] ?? "") \($0["path"] ?? "")" } == [
            "sqlite × 1 append", "postgres × 1 append", "postgres × 2 append",
            "sqlite × 1 store path", "postgres × 1 store path", "postgres × 2 store path",
        ])
        for run in runs {
            #expect(run["events"] as? Int == 2_000)
            #expect((run["events_per_s"] as? Double ?? 0) > 0)
            #expect((run["appender_cpu_ms_per_1k_events"] as? Double ?? 0) > 0)
        }
        #expect(runs.filter { $0["store"] as? String == "postgres" }.allSatisfy {
            ($0["postgres_cpu_ms_per_1k_events"] as? Double ?? 0) > 0
        })
    }

    @Test(arguments: [["replicas", "--replicas", "0"], ["replicas", "--replicas", "a,b"], ["replicas", "--events", "10"]])
    func badArgumentsAreOneLineWithANonZeroExit(arguments: [String]) async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(arguments)
        #expect(output.status != 0)
        #expect(output.stderr.hasPrefix("routeledger-bench: "))
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }
}
