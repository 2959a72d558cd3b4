import ArgumentParser
import Foundation

/// `routeledger-bench …`: the performance measurements recorded in BENCHMARKS.md.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routeledger-bench",
        abstract: "Measure routeledger's performance (use a release build).",
        discussion: "The benchmarks that run routeledger run the one beside this executable (the build's bin directory).",
        subcommands: [
            LedgerBenchCommand.self, RouterBenchCommand.self, GatewayBenchCommand.self, AnalyticsBenchCommand.self,
            ReplayBenchCommand.self, HistoryBenchCommand.self, ConsoleBenchCommand.self, ReplicasBenchCommand.self,
        ]
    )
}
