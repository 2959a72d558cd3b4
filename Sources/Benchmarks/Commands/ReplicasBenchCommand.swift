import ArgumentParser
import Foundation
import PostgresTestSupport

/// `routeledger-bench replicas`: several gateway replicas on one PostgreSQL ledger.
struct ReplicasBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replicas",
        abstract: "Benchmark appends through 1, 2, 3… replicas' PostgreSQL stores beside one SQLite store.",
        discussion: """
            Needs a PostgreSQL server: its URL (a user allowed to create databases) in \
            ROUTELEDGER_TEST_DATABASE_URL; `make bench-replicas` starts a throwaway cluster around it. \
            Each run gets a database of its own, dropped afterwards.
            """
    )

    @Option(help: "Replica counts to measure, comma-separated.")
    var replicas = "1,2,3"

    @Option(help: "Events appended per run (two per request).")
    var events = 200_000

    @Option(help: "Concurrent appenders in all, spread over the replicas.")
    var producers = 64

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard !replicaCounts.isEmpty, replicaCounts.allSatisfy({ (1...16).contains($0) }) else {
            throw ValidationError("--replicas must be comma-separated counts between 1 and 16")
        }
        guard events >= 2_000 else { throw ValidationError("--events must be at least 2000") }
        guard (1...4_096).contains(producers) else { throw ValidationError("--producers must be between 1 and 4096") }
    }

    private var replicaCounts: [Int] {
        replicas.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func run() async throws {
        let server = try TestDatabase.serverURL()
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            try await ReplicaAppendBenchmark(
                events: events, producers: producers, replicaCounts: replicaCounts, serverURL: server, directory: directory
            ).run(log: progress)
        }
    }

    static func table(_ runs: [ReplicaAppendBenchmark.Run]) -> String {
        (["routeledger-bench replicas — appends with group commit (\(runs.first?.events ?? 0) events per run)"]
            + runs.map(ReplicaAppendBenchmark.line)).joined(separator: "\n")
    }
}
