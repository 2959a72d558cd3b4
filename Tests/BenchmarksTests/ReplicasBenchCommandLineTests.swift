import CommandLineHarness
import Foundation
import Testing

/// `routeledger-bench replicas` of the real executable, with small sizes, on the test cluster
/// (`ROUTELEDGER_TEST_DATABASE_URL`, which `make test` sets and the runner passes on).
@Suite struct ReplicasBenchCommandLineTests {
    @Test func benchReplicasAppendsThroughEachCountAndSQLiteAndReportsJSON() async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["replicas", "--appends-only", "--replicas", "1,2", "--events", "2000", "--producers", "8", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(result["gateway"] == nil)
        let runs = try #require(result["appends"] as? [[String: Any]])
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

    /// The gateway part on small sizes: wrk through nginx to one SQLite gateway and to one and two
    /// PostgreSQL replicas, every answer a 2xx, the appends and CPU counted; two breakers opened
    /// through one replica and seen open on the other.
    @Test func benchReplicasGatewayPartLoadsEachCountAndTimesTheBreakers() async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["replicas", "--gateway-only", "--replicas", "1,2", "--seconds", "1", "--connections", "4",
             "--breaker-rounds", "2", "--latency-rounds", "2", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((result["appends"] as? [Any])?.isEmpty == true)
        let gateway = try #require(result["gateway"] as? [String: Any])
        let runs = try #require(gateway["runs"] as? [[String: Any]])
        #expect(runs.map { "\($0["store"] ?? "") × \($0["replicas"] ?? "")" } == ["sqlite × 1", "postgres × 1", "postgres × 2"])
        for run in runs {
            let many = try #require(run["many"] as? [String: Any])
            #expect((many["requests"] as? Int ?? 0) > 0)
            #expect(many["errors"] as? Int == 0)
            #expect((run["appends_per_s"] as? Double ?? 0) > 0)
            #expect((run["gateway_cpu_ms_per_request"] as? Double ?? 0) > 0)
            // PostgreSQL's CPU is read in clock ticks (10 ms): a one-second run under the suite's load
            // may show none; a SQLite gateway has none counted at all.
            let postgresCPU = try #require(run["postgres_cpu_ms_per_request"] as? Double)
            #expect(run["store"] as? String == "postgres" ? postgresCPU >= 0 : postgresCPU == 0)
        }
        // The side-by-side latency rounds: each of the three gateways measured once per round, and the
        // added figures are the mean of the rounds' differences.
        let latency = try #require(gateway["latency"] as? [String: Any])
        func p50s(_ key: String) throws -> [Double] {
            let rounds = try #require(latency[key] as? [[String: Any]], "\(key)")
            #expect(rounds.allSatisfy { ($0["requests"] as? Int ?? 0) > 0 && $0["errors"] as? Int == 0 }, "\(key)")
            return rounds.compactMap { $0["p50Milliseconds"] as? Double }
        }
        let (sqlite, full, postgres) = (try p50s("sqlite_rounds"), try p50s("sqlite_full_rounds"), try p50s("postgres_rounds"))
        #expect(sqlite.count == 2 && full.count == 2 && postgres.count == 2)
        let added = try #require(gateway["added_p50_ms"] as? Double)
        #expect(abs(added - (postgres[0] - sqlite[0] + postgres[1] - sqlite[1]) / 2) < 0.002)
        let addedOverFull = try #require(gateway["added_p50_over_full_ms"] as? Double)
        #expect(abs(addedOverFull - (postgres[0] - full[0] + postgres[1] - full[1]) / 2) < 0.002)

        let delays = try #require(gateway["breaker_propagation_ms"] as? [Double])
        #expect(delays.count == 2)
        #expect(delays.allSatisfy { $0 > 0 })
    }

    @Test(arguments: [["replicas", "--replicas", "0"], ["replicas", "--replicas", "a,b"], ["replicas", "--events", "10"],
                       ["replicas", "--appends-only", "--gateway-only"], ["replicas", "--seconds", "0"],
                       ["replicas", "--latency-rounds", "0"]])
    func badArgumentsAreOneLineWithANonZeroExit(arguments: [String]) async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(arguments)
        #expect(output.status != 0)
        #expect(output.stderr.hasPrefix("routeledger-bench: "))
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }
}
