import ArgumentParser
import Foundation

/// `routeledger-bench replay`: replay, sweep and the naive sweep on a generated ledger.
struct ReplayBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Benchmark replay and sweep on a generated ledger of routed requests.",
        discussion: """
            Writes --requests requests routed by the built-in configuration (features drawn at random, decided by the \
            live router) in a temporary folder, folds the projections, loads the replay table, then times one replay \
            of router-complexity-0.3, one of the token-length strategy, a 101-threshold sweep, and the naive sweep \
            (one replay per threshold).
            """
    )

    @Option(help: "How many requests to generate.")
    var requests = 1_000_000

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard requests >= 1_000 else { throw ValidationError("--requests must be at least 1000") }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            try await ReplayBenchmark(requests: requests, directory: directory).run(log: progress)
        }
    }

    static func table(_ r: ReplayBenchmark.Result) -> String {
        func s(_ seconds: Double) -> String { String(format: "%.3f s", seconds) }
        return """
            routeledger-bench replay — \(r.requests) requests, \(r.events) events (written in \(String(format: "%.1f", r.generateSeconds)) s)
            projections fold                 \(s(r.catchUpSeconds))
            load (replay table + engine)     \(s(r.loadSeconds))
            replay router-complexity-0.3     \(s(r.replayThresholdSeconds))  (\(r.changedByThreshold) decisions change)
            replay strategy token-length     \(s(r.replayStrategySeconds))  (\(r.changedByStrategy) decisions change)
            sweep, \(r.sweepThresholds) thresholds          \(s(r.sweepSeconds))
            naive sweep (replay each)        \(s(r.naiveSweepSeconds))  → sweep \(String(format: "%.1f", r.sweepSpeedup))× faster
            """
    }
}
