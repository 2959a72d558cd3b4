import ArgumentParser
import Foundation
import PostgresTestSupport

/// `routeledger-bench replicas`: several gateway replicas on one PostgreSQL ledger.
struct ReplicasBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replicas",
        abstract: "Benchmark 1, 2, 3… replicas on one PostgreSQL ledger beside one SQLite gateway.",
        discussion: """
            Two parts: appends with group commit through that many PostgreSQL stores beside one SQLite \
            store; then the same wrk load through nginx in front of one gateway on SQLite and of that \
            many `routeledger serve` replicas on one database (latency at one connection, req/s and CPU \
            per request under load), and the delay of a breaker opened through one replica reaching \
            another. Needs nginx and wrk (`make bench-replicas` installs them), and a PostgreSQL server: its URL (a user allowed to create databases) in \
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

    @Option(help: "Seconds of each wrk run of the gateway part.")
    var seconds = 10

    @Option(help: "wrk connections of the loaded runs.")
    var connections = 64

    @Option(help: "Alternating 1-connection rounds of the SQLite gateway and one PostgreSQL replica (each --seconds long).")
    var latencyRounds = 5

    @Option(help: "Breakers opened through one replica and watched on another.")
    var breakerRounds = 10

    @Flag(help: "Only the append part.")
    var appendsOnly = false

    @Flag(help: "Only the gateway part.")
    var gatewayOnly = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard !replicaCounts.isEmpty, replicaCounts.allSatisfy({ (1...16).contains($0) }) else {
            throw ValidationError("--replicas must be comma-separated counts between 1 and 16")
        }
        guard events >= 2_000 else { throw ValidationError("--events must be at least 2000") }
        guard (1...4_096).contains(producers) else { throw ValidationError("--producers must be between 1 and 4096") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
        guard (1...4_096).contains(connections) else { throw ValidationError("--connections must be between 1 and 4096") }
        guard (1...50).contains(latencyRounds) else { throw ValidationError("--latency-rounds must be between 1 and 50") }
        guard (0...100).contains(breakerRounds) else { throw ValidationError("--breaker-rounds must be between 0 and 100") }
        guard !(appendsOnly && gatewayOnly) else { throw ValidationError("--appends-only and --gateway-only exclude each other") }
    }

    private var replicaCounts: [Int] {
        replicas.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Both parts' figures.
    struct Result: Encodable {
        var appends: [ReplicaAppendBenchmark.Run]
        var gateway: ReplicaGatewayBenchmark.Result?
    }

    func run() async throws {
        let server = try TestDatabase.serverURL()
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            let appends = gatewayOnly ? [] : try await ReplicaAppendBenchmark(
                events: events, producers: producers, replicaCounts: replicaCounts, serverURL: server, directory: directory
            ).run(log: progress)
            let gateway = appendsOnly ? nil : try await ReplicaGatewayBenchmark(
                seconds: seconds, connections: connections, replicaCounts: replicaCounts, breakerRounds: breakerRounds,
                latencyRounds: latencyRounds, serverURL: server, directory: directory
            ).run(log: progress)
            return Result(appends: appends, gateway: gateway)
        }
    }

    static func table(_ result: Result) -> String {
        var lines: [String] = []
        if !result.appends.isEmpty {
            lines.append("routeledger-bench replicas — appends with group commit (\(result.appends[0].events) events per run)")
            lines += result.appends.map(ReplicaAppendBenchmark.line)
        }
        if let gateway = result.gateway {
            lines.append("routeledger-bench replicas — wrk through nginx to the gateways (\(gateway.seconds) s per run, \(gateway.connections) connections loaded)")
            lines += gateway.runs.map(ReplicaGatewayBenchmark.line)
            let latency = gateway.latency
            func milliseconds(_ rounds: [WrkRun.Figures]) -> String {
                rounds.map { String(format: "%.3f", $0.p50Milliseconds) }.joined(separator: ", ")
            }
            lines.append("side by side at 1 connection, directly, alternating rounds: p50 SQLite \(milliseconds(latency.sqliteRounds)) ms; SQLite durability full \(milliseconds(latency.sqliteFullRounds)) ms; PostgreSQL \(milliseconds(latency.postgresRounds)) ms")
            lines.append(String(
                format: "PostgreSQL over SQLite at one replica, one connection (mean over %d rounds): p50 %+.3f ms, p99 %+.3f ms; over SQLite with durability full (a flushed commit, as PostgreSQL's): p50 %+.3f ms",
                latency.sqliteRounds.count, gateway.addedP50Milliseconds, gateway.addedP99Milliseconds,
                gateway.addedP50OverFullMilliseconds))
            lines.append(String(
                format: "projected: %.0f req/s per added gateway core; PostgreSQL carries %.0f req/s per core",
                gateway.projectedRequestsPerSecondPerGatewayCore, gateway.projectedRequestsPerSecondPerPostgresCore))
            if !gateway.breakerPropagationMilliseconds.isEmpty {
                let sorted = gateway.breakerPropagationMilliseconds.sorted()
                lines.append(String(
                    format: "breaker opened through one replica, seen open on another after: median %.1f ms, max %.1f ms (%d rounds)",
                    sorted[sorted.count / 2], sorted[sorted.count - 1], sorted.count))
            }
        }
        return lines.joined(separator: "\n")
    }
}
