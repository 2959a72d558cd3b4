import ArgumentParser
import Foundation

/// `routeledger-bench gateway`: added latency, throughput and memory of the gateway (wrk + nginx).
struct GatewayBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Benchmark the gateway against nginx serving a fixed completion, directly and through routeledger.",
        discussion: """
            Needs wrk and nginx (make bench-gateway installs them). Starts nginx, then \
            `routeledger serve` with its own configuration and ledger in a temporary folder, and \
            runs wrk against both: 1 connection for latency, --connections for throughput. Every \
            request through the gateway is routed and its events acknowledged before the answer.
            """
    )

    @Option(help: "Seconds per wrk run.")
    var seconds = 10

    @Option(help: "Connections for the throughput runs.")
    var connections = 32

    @Flag(help: "Also compare an Anthropic-kind provider with the OpenAI-kind one (1 connection, alternating rounds).")
    var anthropic = false

    @Flag(help: "Also compare a virtual key with budgets and rate limits against an environment key (alternating rounds).")
    var limits = false

    @Option(help: "Alternating rounds of --anthropic and --limits.")
    var rounds = 3

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
        guard (2...4_096).contains(connections) else { throw ValidationError("--connections must be between 2 and 4096") }
        guard (1...50).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 50") }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            try await GatewayBenchmark(
                seconds: seconds, connections: connections, directory: directory, compareAnthropic: anthropic,
                compareLimits: limits, comparisonRounds: rounds
            ).run(log: progress)
        }
    }

    static func table(_ r: GatewayBenchmark.Result) -> String {
        func ms(_ value: Double) -> String { String(format: "%.3f ms", value) }
        func rate(_ value: Double) -> String { String(format: "%.0f req/s", value) }
        func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        return """
            routeledger-bench gateway — wrk, \(r.seconds) s per run, nginx fixed completion as the upstream
                                          upstream directly   through routeledger   added
            1 connection   p50            \(ms(r.upstreamOneConnection.p50Milliseconds))          \(ms(r.gatewayOneConnection.p50Milliseconds))             \(ms(r.addedP50Milliseconds))
            1 connection   p90            \(ms(r.upstreamOneConnection.p90Milliseconds))          \(ms(r.gatewayOneConnection.p90Milliseconds))
            1 connection   p99            \(ms(r.upstreamOneConnection.p99Milliseconds))          \(ms(r.gatewayOneConnection.p99Milliseconds))             \(ms(r.addedP99Milliseconds))
            \(r.connections) connections throughput  \(rate(r.upstreamMany.requestsPerSecond))       \(rate(r.gatewayMany.requestsPerSecond))  (p99 \(ms(r.gatewayMany.p99Milliseconds)))
            errors (non-2xx + socket)     \(r.upstreamOneConnection.errors + r.upstreamMany.errors)                   \(r.gatewayOneConnection.errors + r.gatewayMany.errors)
            gateway RSS                   peak \(mb(r.gatewayPeakRSSBytes)), after the runs \(mb(r.gatewayRSSAfterBytes))
            ledger                        \(r.requestsRecorded) requests recorded, wrk counted \(r.requestsSent) answers (warm-up included)
            """ + (r.anthropic.map { "\n" + kindsTable($0) } ?? "") + (r.limits.map { "\n" + limitsTable($0) } ?? "")
    }

    static func limitsTable(_ c: GatewayLimitsComparison.Result) -> String {
        func ms(_ value: Double) -> String { String(format: "%.3f ms", value) }
        func rate(_ value: Double) -> String { String(format: "%.0f req/s", value) }
        let rounds = zip(c.offRounds, c.onRounds).enumerated().map { index, pair in
            "round \(index + 1)        p50 / p99     off \(ms(pair.0.p50Milliseconds)) / \(ms(pair.0.p99Milliseconds))    "
                + "on \(ms(pair.1.p50Milliseconds)) / \(ms(pair.1.p99Milliseconds))"
        }.joined(separator: "\n")
        return """
            keys, budgets and rate limits — an environment key (off) and a virtual key (on), \(c.rounds) alternating rounds
            \(rounds)
            many connections              off \(rate(c.offMany.requestsPerSecond))   on \(rate(c.onMany.requestsPerSecond))
            added by the checks           p50 \(ms(c.addedP50Milliseconds)) mean of rounds, \(ms(c.medianAddedP50Milliseconds)) median (target ≤ 0.100 ms), p99 \(ms(c.addedP99Milliseconds))
            """
    }

    static func kindsTable(_ c: GatewayBenchmark.ProviderKindComparison) -> String {
        func ms(_ value: Double) -> String { String(format: "%.3f ms", value) }
        let rounds = zip(c.openAIRounds, c.anthropicRounds).enumerated().map { index, pair in
            "round \(index + 1)        p50 / p99     openai \(ms(pair.0.p50Milliseconds)) / \(ms(pair.0.p99Milliseconds))    "
                + "anthropic \(ms(pair.1.p50Milliseconds)) / \(ms(pair.1.p99Milliseconds))"
        }.joined(separator: "\n")
        return """
            provider kinds — the same request naming a model, 1 connection, \(c.rounds) alternating rounds
            anthropic upstream directly   p50 \(ms(c.anthropicUpstream.p50Milliseconds)), p99 \(ms(c.anthropicUpstream.p99Milliseconds))
            \(rounds)
            added p50 (mean of rounds)    openai \(ms(c.openAIAddedP50Milliseconds))   anthropic \(ms(c.anthropicAddedP50Milliseconds))
            added p99 (mean of rounds)    openai \(ms(c.openAIAddedP99Milliseconds))   anthropic \(ms(c.anthropicAddedP99Milliseconds))
            translation overhead p50      \(ms(c.translationOverheadP50Milliseconds)) (target ≤ 0.100 ms)
            """
    }
}
