import ArgumentParser
import Foundation

/// `routeledger-bench analytics`: projection rebuild, `/stats` and `/stats/raw` latency, and
/// bytes on disk per request against llm-compass's JSONL.
struct AnalyticsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Benchmark the projections on a generated ledger of gateway requests.",
        discussion: """
            Writes --requests realistic requests (messages, decision, attempts, completion; 2% failed, 5% after a \
            failed attempt) through the ledger's append path in a temporary folder, rebuilds the projections, \
            then times /stats and /stats/raw pages (offset 0, offset at 90% depth, and by cursor at that depth) \
            through a real `routeledger serve`.
            """
    )

    @Option(help: "How many requests to generate.")
    var requests = 1_000_000

    @Option(help: "How many concurrent tasks append.")
    var producers = 32

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard requests >= 1_000 else { throw ValidationError("--requests must be at least 1000") }
        guard (1...1_024).contains(producers) else { throw ValidationError("--producers must be between 1 and 1024") }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            try await AnalyticsBenchmark(requests: requests, producers: producers, directory: directory).run(log: progress)
        }
    }

    static func table(_ r: AnalyticsBenchmark.Result) -> String {
        func ms(_ p: AnalyticsBenchmark.Percentiles) -> String {
            String(format: "p50 %.3f ms  p99 %.3f ms  (%d calls)", p.p50, p.p99, p.samples)
        }
        return """
            routeledger-bench analytics — \(r.requests) requests, \(r.events) events (written in \(String(format: "%.1f", r.generateSeconds)) s)
            rebuild                          \(String(format: "%.0f", r.rebuildEventsPerSecond)) events/s, \(String(format: "%.2f", r.rebuildSeconds)) s
            GET /stats                       \(ms(r.stats))
            GET /stats/raw offset 0          \(ms(r.rawOffsetZero))
            GET /stats/raw offset \(r.deepOffset)   \(ms(r.rawDeepOffset))
            GET /stats/raw cursor, same depth \(ms(r.rawDeepCursor))
            GET /stats?group_by=key          \(ms(r.statsByKey))
            GET /stats?key=team-3            \(ms(r.statsOneKey))
            GET /stats/raw?key=team-3        \(ms(r.rawOneKey))
            GET /console/keys                \(ms(r.consoleKeys))
            GET /console/requests?team=ops   \(ms(r.consoleRequestsByTeam))
            GET /console/requests?user=carol \(ms(r.consoleRequestsByUser))
            GET /console/requests?tag=tenant_id:acme7 \(ms(r.consoleRequestsByTag))
            GET /console/requests?key=team-3 \(ms(r.consoleRequestsByKey))
            ledger on disk                   \(String(format: "%.1f", r.ledgerBytesPerRequest)) B/request (\(r.ledgerBytes) B)
            llm-compass JSONL                \(String(format: "%.1f", r.jsonLinesBytesPerRequest)) B/request → ledger \(String(format: "%.2f", r.ratio))× smaller
            projections file                 \(String(format: "%.1f", Double(r.projectionBytes) / Double(r.requests))) B/request (\(r.projectionBytes) B)
            """
    }
}
