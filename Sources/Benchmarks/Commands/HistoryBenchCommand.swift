import ArgumentParser
import CommandLineHarness
import Foundation

/// `routeledger-bench history`: a year of imported llm-compass history — import, size, audits,
/// filtered `/stats`, rebuild and replay — against the targets of issue 14.
struct HistoryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Benchmark a year of imported llm-compass history through the CLI and the HTTP API.",
        discussion: """
            Writes a seeded llm-compass call_history.jsonl of --requests records over one year (classifier-routed, \
            fallback and user-named models; prompts of 5 to 2,000 words, mostly short) in a temporary folder, then \
            runs routeledger (the executable beside this one, or --subject) as a user would: \
            `import --format llm-compass` (records/s, ledger bytes ÷ JSONL \
            bytes), `serve` (GET /v1/requests/{id} of the newest and the oldest request, /stats filtered by model, \
            by time and both, /stats while another client audits, POST /v1/replay), `rebuild` (events/s) and \
            `replay --json` (share replayed). Each figure is printed beside its target.
            """
    )

    @Option(help: "How many llm-compass records to write and import.")
    var requests = 1_000_000

    @Option(help: "HTTP calls per latency figure.")
    var samples = 500

    @Option(help: "Measure another routeledger executable (an earlier build, for a side-by-side baseline) instead of the one beside this one.")
    var subject: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if let subject, !FileManager.default.isExecutableFile(atPath: subject) {
            throw ValidationError("--subject \(subject) is not an executable file")
        }
        guard requests >= 100 else { throw ValidationError("--requests must be at least 100") }
        guard (10...100_000).contains(samples) else { throw ValidationError("--samples must be between 10 and 100000") }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            let executable = try subject ?? BuiltExecutable.named("routeledger").path
            return try await HistoryBenchmark(requests: requests, samples: samples, directory: directory, executable: executable)
                .run(log: progress)
        }
    }

    static func table(_ r: HistoryBenchmark.Result) -> String {
        let figureWidth = max(36, (r.figures.map(\.name.count).max() ?? 0) + 2)
        let measuredWidth = max(20, (r.figures.map(\.measuredText.count).max() ?? 0) + 2)
        func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        func ms(_ p: HistoryBenchmark.Percentiles) -> String { String(format: "p50 %.3f ms, p99 %.3f ms", p.p50, p.p99) }
        var lines = [
            "routeledger-bench history — \(r.requests) llm-compass records, \(r.jsonLinesBytes) B of JSONL, \(r.samples) calls per latency figure",
            "",
            cell("figure", figureWidth) + cell("measured", measuredWidth) + "target",
        ]
        for figure in r.figures {
            lines.append(
                cell(figure.name, figureWidth) + cell(figure.measuredText, measuredWidth) + figure.targetText
                    + (figure.met ? "" : "   ✗"))
        }
        lines += [
            "",
            // Whole numbers by interpolation: `%d` is 32-bit and wraps a ledger over 2 GiB.
            "import: \(r.importedRecords) records (\(r.importedEvents) events) in \(String(format: "%.2f", r.importSeconds)) s; "
                + "ledger \(r.ledgerBytes) B",
            String(format: "serve: /stats counted every record %.2f s after the server listened", r.serveReadySeconds),
            "audit newest \(r.newestRequestID): \(ms(r.auditNewest)); oldest \(r.oldestRequestID): \(ms(r.auditOldest))",
            "/stats?\(r.statsModelFilter): \(ms(r.statsByModel)); ?\(r.statsWindowFilter): \(ms(r.statsByWindow)); both: \(ms(r.statsByModelAndWindow))",
            "/stats both during audits: \(ms(r.statsDuringAudits)), \(r.auditsDuringStats) audits meanwhile",
            "rebuild: \(r.rebuildEvents) events in \(String(format: "%.2f", r.rebuildSeconds)) s (\(r.rebuildTimedBy))",
        ]
        for replay in r.replays {
            let skipped = replay.notReplayable.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            lines.append(
                "replay \(replay.alternative): \(replay.replayed) of \(replay.selected) replayed; command "
                    + String(format: "%.2f s; POST /v1/replay first %.3f s, then ", replay.commandSeconds, replay.firstCallSeconds)
                    + ms(replay.afterLoad) + (skipped.isEmpty ? "" : "; not replayable: \(skipped)"))
        }
        return lines.joined(separator: "\n")
    }
}
