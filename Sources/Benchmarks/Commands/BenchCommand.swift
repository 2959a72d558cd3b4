import ArgumentParser
import Foundation

/// `routeledger-bench …`: the performance measurements recorded in BENCHMARKS.md.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routeledger-bench",
        abstract: "Measure routeledger's performance (use a release build; routeledger is run from beside this executable).",
        subcommands: [LedgerBenchCommand.self, RouterBenchCommand.self, GatewayBenchCommand.self, AnalyticsBenchCommand.self, ReplayBenchCommand.self, HistoryBenchCommand.self]
    )
}
