import ArgumentParser
import Foundation

/// `routeledger-bench router`: tokenizer MB/s (ours and pip tiktoken's on the same text) and
/// decisions/s per strategy on ~1 KB prompts.
struct RouterBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Benchmark the tokenizer (against pip tiktoken) and routing decisions per strategy.",
        discussion: """
            Single-threaded. tiktoken is run with python3 on the same text and rank files (offline); \
            without python3 or tiktoken its figures are reported as missing.
            """
    )

    @Option(help: "Size of the mixed text to tokenize, in MB (10^6 bytes).")
    var megabytes = 4.0

    @Option(help: "How many decisions to time per strategy.")
    var decisions = 200_000

    @Option(help: "Timed tokenizer runs per encoding (the best is reported).")
    var runs = 5

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard megabytes >= 0.01, megabytes <= 1_000 else { throw ValidationError("--megabytes must be between 0.01 and 1000") }
        guard decisions >= 100 else { throw ValidationError("--decisions must be at least 100") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be between 1 and 100") }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            try await RouterBenchmark(megabytes: megabytes, decisions: decisions, runs: runs, directory: directory)
                .run(log: progress)
        }
    }

    static func table(_ r: RouterBenchmark.Result) -> String {
        func met(_ value: Bool?) -> String {
            switch value {
            case true?: "met"
            case false?: "NOT met"
            case nil: "unknown"
            }
        }
        func rate(_ value: Double?) -> String { value.map { String(format: "%8.2f MB/s", $0) } ?? "         n/a" }
        var lines = [
            "routeledger-bench router — \(r.textBytes) bytes of mixed text, best of \(r.runs) runs, single thread",
            "tiktoken: " + (r.tiktokenVersion.map { "pip tiktoken \($0)" } ?? "not measured (\(r.tiktokenError ?? "unknown reason"))"),
            "tokenizer      ours           tiktoken       tokens (ours / tiktoken)   same ids   target ≥ tiktoken",
        ]
        for t in r.tokenizers {
            let tokens = "\(t.tokens) / \(t.tiktokenTokens.map(String.init) ?? "n/a")"
            let same = t.sameIDsAsTiktoken.map { $0 ? "yes" : "NO" } ?? "n/a"
            lines.append(
                t.encoding.padding(toLength: 15, withPad: " ", startingAt: 0) + rate(t.megabytesPerSecond) + "  "
                    + rate(t.tiktokenMegabytesPerSecond) + "  " + tokens.padding(toLength: 27, withPad: " ", startingAt: 0)
                    + same.padding(toLength: 11, withPad: " ", startingAt: 0) + met(t.meetsTarget))
        }
        lines.append(
            "decisions — \(r.decisionsPerStrategy) per strategy on ~\(r.promptBytes)-byte prompts (tokenize + classify + decide), "
                + String(format: "target ≥ %.0f/s (≤ %.0f µs)", r.decisionsPerSecondTarget, 1e6 / r.decisionsPerSecondTarget))
        for s in r.strategies {
            let label = s.strategy + (s.requestedModel.map { " (\($0))" } ?? "")
            lines.append(
                label.padding(toLength: 36, withPad: " ", startingAt: 0)
                    + String(format: "%10.0f decisions/s  %7.2f µs  ", s.decisionsPerSecond, s.microsecondsPerDecision)
                    + met(s.meetsTarget))
        }
        return lines.joined(separator: "\n")
    }
}
