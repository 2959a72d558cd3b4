import Analytics
import ArgumentParser
import Foundation
import Ledger

/// `routeledger stats`: the `/stats` figures, from the stats projection caught up with the ledger.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print the traffic stats: calls, cost, latency, and model, tier and task-type shares.",
        discussion: """
            Totals, averages and distributions count succeeded requests, as llm-compass did; failures \
            are counted apart. The stats projection is kept in <ledger>-projections and caught up first.
            """
    )

    @OptionGroup var location: ProjectedLedgerLocation

    @Option(help: "Only requests that ended at or after this time (ISO-8601 or epoch seconds).")
    var since: String?

    @Option(help: "Only requests that ended before this time (ISO-8601 or epoch seconds).")
    var until: String?

    @Option(help: "Only requests served by (or, failed, routed to) this model.")
    var model: String?

    @Option(help: "Figures per key, team, tag or user instead (the /stats?group_by= answer).")
    var groupBy: String?

    @Option(help: "Only requests of this virtual key (key_…); figures as with --group-by.")
    var key: String?

    @Option(help: "Only requests of this team; figures as with --group-by.")
    var team: String?

    @Option(help: "Only requests with this tag; figures as with --group-by.")
    var tag: String?

    @Option(help: "Only requests with this user field; figures as with --group-by.")
    var user: String?

    @Flag(help: "Print the result as JSON (the /stats answer).")
    var json = false

    func run() async throws {
        let filter: StatsFilter
        let attribution: AttributionQuery?
        do {
            filter = try StatsFilter.parse(since: since, until: until, model: model)
            attribution = try AttributionQuery.parse(
                groupBy: groupBy, values: [.key: key, .team: team, .tag: tag, .user: user].compactMapValues { $0 })
        } catch {
            throw CommandLineInputError(message: error.message)
        }
        if let attribution {
            let report = try await location.open(readOnly: true).using { ledger in
                let projector = try StatsProjector(ledger: ledger, store: try location.projectionStore())
                return try await projector.attributionReport(attribution, filter: filter)
            }
            if json { try printJSON(report) } else { print(Self.text(report)) }
            return
        }
        let report = try await location.open(readOnly: true).using { ledger in
            let projector = try StatsProjector(ledger: ledger, store: try location.projectionStore())
            let bar = ProgressBar(label: "stats", total: try await ledger.head()?.seq ?? 0)
            defer { bar.finish() }
            try await projector.catchUp { bar.update($0) }
            return try await projector.report(filter)
        }
        if json {
            try printJSON(report)
        } else {
            print(Self.text(report))
        }
    }

    /// One line per value, most spent first.
    static func text(_ report: AttributionReport) -> String {
        guard !report.groups.isEmpty else { return "no requests  (through seq \(report.throughSeq))" }
        return report.groups.map { group in
            "\(report.groupBy) \(group.value)  \(group.totalCalls) succeeded, \(group.failedCalls) failed  "
                + "$\(String(format: "%.6f", group.totalCostUSD))  \(group.inputTokens) in, \(group.outputTokens) out  "
                + "avg \(String(format: "%.2f", group.averageLatencyMilliseconds)) ms"
        }.joined(separator: "\n") + "\nthrough seq  \(report.throughSeq)"
    }

    static func text(_ r: StatsReport) -> String {
        func shares(_ counts: [String: Int]) -> String {
            counts.isEmpty ? "none" : counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        let p = r.latencyPercentiles
        return """
            calls        \(r.totalCalls) succeeded, \(r.failedCalls) failed (success rate \(String(format: "%.2f", r.successRate * 100)) %)
            cost         $\(String(format: "%.6f", r.totalCostUSD))
            tokens       \(r.inputTokens) in, \(r.outputTokens) out
            latency      avg \(ms(r.averageLatencyMilliseconds)), p50 \(ms(p.p50)), p90 \(ms(p.p90)), p99 \(ms(p.p99))
            routing      avg \(ms(r.averageRoutingMilliseconds))
            models       \(shares(r.modelDistribution))
            tiers        \(shares(r.tierDistribution))
            task types   \(shares(r.taskTypeDistribution))
            through seq  \(r.throughSeq)
            """
    }
}
