import ArgumentParser
import CommandLineHarness
import Foundation
import PostgresTestSupport

/// `routeledger-bench console`: the browser console's server time per page on a year of imported
/// history, against issue 17's target.
struct ConsoleBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Benchmark the browser console's pages on a year of imported llm-compass history.",
        discussion: """
            Imports --requests seeded llm-compass records over one year (as `routeledger-bench history` writes them) \
            with `routeledger import`, serves the ledger with an admin key (routeledger beside this executable, or \
            --subject), signs in on /console/sign-in as a browser does and reads each page with the session cookie: \
            the overview (all time, the 30 days before the newest record by day, one model), the request log \
            (newest, halfway deep by cursor, one model's failures), a request's audit from the middle of the \
            ledger, providers, models, the what-if form and the configuration — --warm-up calls, then --samples \
            timed calls one after another, each a 200 or the benchmark fails. The full response time is measured on \
            loopback; each page's p99 is printed beside the target (≤ 50 ms at 1,000,000 requests), with the JSON \
            endpoints the pages read timed the same way.
            """
    )

    @Option(help: "How many llm-compass records to write and import.")
    var requests = 1_000_000

    @Option(help: "Timed calls per page.")
    var samples = 200

    @Option(help: "Untimed calls per page before the timed ones.")
    var warmUp = 20

    @Option(help: "Measure another routeledger executable instead of the one beside this one.")
    var subject: String?

    @Flag(help: "Serve the ledger from PostgreSQL (ROUTELEDGER_TEST_DATABASE_URL) instead of the SQLite file.")
    var postgres = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if let subject, !FileManager.default.isExecutableFile(atPath: subject) {
            throw ValidationError("--subject \(subject) is not an executable file")
        }
        guard requests >= 100 else { throw ValidationError("--requests must be at least 100") }
        guard (10...100_000).contains(samples) else { throw ValidationError("--samples must be between 10 and 100000") }
        guard (0...10_000).contains(warmUp) else { throw ValidationError("--warm-up must be between 0 and 10000") }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            let executable = try subject ?? BuiltExecutable.named("routeledger").path
            return try await ConsoleBenchmark(
                requests: requests, samples: samples, warmUp: warmUp, directory: directory, executable: executable,
                postgresServerURL: postgres ? try TestDatabase.serverURL() : nil
            ).run(log: progress)
        }
    }

    static func table(_ r: ConsoleBenchmark.Result) -> String {
        let nameWidth = max(28, (r.pages + r.endpoints).map(\.name.count).max() ?? 0) + 2
        func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        func number(_ value: Double) -> String {
            let text = String(format: "%.2f", value)
            return String(repeating: " ", count: max(0, 8 - text.count)) + text
        }
        func row(_ timing: ConsoleBenchmark.Timing, mark: String) -> String {
            cell(timing.name, nameWidth) + number(timing.latency.p50) + "  " + number(timing.latency.p99) + "  "
                + cell(mark, 7) + cell("\(timing.status)", 5) + String(format: "%9d  ", timing.bytes) + timing.path
        }
        let target = String(format: "%.0f", ConsoleBenchmark.p99TargetMilliseconds)
        var lines = [
            "routeledger-bench console — \(r.requests) llm-compass records imported (\(r.importedEvents) events, "
                + String(format: "%.1f s", r.importSeconds) + "), \(r.ledgerBytes) B of SQLite ledger"
                + (r.copySeconds.map { String(format: ", copied into PostgreSQL in %.1f s", $0) } ?? "")
                + "; served from \(r.ledger); "
                + String(format: "/stats counted every record %.2f s after the server listened", r.serveReadySeconds),
            "\(r.access); \(r.samples) timed calls per page after \(r.warmUp) warm-up calls, one after another, on loopback",
            "model \(r.model); 30 days since \(r.windowSince); halfway \(r.middle) (epoch s); audited \(r.auditedRequestID)",
            "",
            cell("page", nameWidth) + "  p50 ms    p99 ms  ≤ \(target)  status    bytes  path",
        ]
        for (page, figure) in zip(r.pages, r.figures) {
            lines.append(row(page, mark: figure.met ? "✓" : "✗"))
        }
        lines += ["", "the JSON endpoints the pages read, timed the same way (no target):"]
        lines += r.endpoints.map { row($0, mark: "") }
        lines += ["", "command-line reads of the audited request, each run \(ConsoleBenchmark.commandRuns) times (process start included):"]
        lines += r.commands.map {
            cell($0.name, nameWidth) + String(format: "median %.3f s, max %.3f s  routeledger ", $0.medianSeconds, $0.maxSeconds)
                + $0.arguments.joined(separator: " ")
        }
        let missed = zip(r.pages, r.figures).filter { !$1.met }.map(\.0.name)
        lines += [
            "",
            missed.isEmpty
                ? "every page's p99 ≤ \(target) ms"
                : "p99 over \(target) ms: " + missed.joined(separator: "; "),
        ]
        return lines.joined(separator: "\n")
    }
}
