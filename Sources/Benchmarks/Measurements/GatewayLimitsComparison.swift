import CommandLineHarness
import Foundation

/// The gateway with keys, budgets and rate limits on beside the same gateway with them off: one
/// `routeledger serve` accepting an environment client key (no limit applies to it) and a virtual
/// key issued with `routeledger keys create` (daily, monthly and total budgets, a team budget,
/// requests and tokens per minute, none of them reached), called in alternating 1-connection rounds
/// for latency, then at many connections for throughput. The difference is what the checks add: the
/// key directory's freshness lookup, the budget reservation and window entry, the settlement.
struct GatewayLimitsComparison {
    struct Result: Codable {
        var rounds: Int
        /// Per round, the environment key (checks off) and the virtual key (checks on).
        var offRounds: [WrkRun.Figures]
        var onRounds: [WrkRun.Figures]
        var offMany: WrkRun.Figures
        var onMany: WrkRun.Figures
        /// Mean over the rounds of (on p50 − off p50) and the same for p99 (target ≤ 0.1 ms p50).
        var addedP50Milliseconds: Double
        var addedP99Milliseconds: Double
        /// The median over the rounds of (on p50 − off p50): one round slowed by the machine on
        /// either side moves the mean but not this.
        var medianAddedP50Milliseconds: Double
    }

    var seconds: Int
    var connections: Int
    var rounds: Int
    var directory: URL
    var upstreamPort: Int

    static let clientKey = "bench-client-key-0123456789"

    func run(progress: (String) -> Void) async throws -> Result {
        let ledgerPath = directory.appendingPathComponent("limits.sqlite").path
        let configPath = directory.appendingPathComponent("limits.yaml")
        try Data((GatewayBenchmark.gatewayConfig(upstreamPort: upstreamPort) + """

            auth:
              client_key_envs: [BENCH_CLIENT_KEY]
            """).utf8).write(to: configPath)
        let executable = try BuiltExecutable.named("routeledger").path
        progress("limits: issuing a virtual key with budgets and rate limits, in a team with a budget")
        let team = try await CommandLineRunner().run(["teams", "update", "bench", "--budget", "1000000/month", "--ledger", ledgerPath])
        guard team.status == 0 else { throw BenchError("routeledger teams update failed: \(team.stderr)") }
        let created = try await CommandLineRunner().run([
            "keys", "create", "--team", "bench", "--budget", "100000/day", "--budget", "1000000/month",
            "--budget", "10000000/total", "--rpm", "100000000", "--tpm", "2000000000", "--json", "--ledger", ledgerPath,
        ])
        guard created.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any],
            let secret = object["key"] as? String
        else { throw BenchError("routeledger keys create failed: \(created.stderr)") }
        func script(_ name: String, key: String) throws -> URL {
            let url = directory.appendingPathComponent(name)
            try Data((GatewayBenchmark.luaScript + "\nwrk.headers[\"Authorization\"] = \"Bearer \(key)\"\n").utf8).write(to: url)
            return url
        }
        let offScript = try script("request-env-key.lua", key: Self.clientKey)
        let onScript = try script("request-virtual-key.lua", key: secret)
        let gateway = try await ChildProcess(
            [executable, "serve", "--config", configPath.path, "--port", "0", "--ledger", ledgerPath],
            environment: ["LOG_LEVEL": "error", "BENCH_CLIENT_KEY": Self.clientKey])
        return try await gateway.whileRunning {
            let line = await gateway.firstLine()
            guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) else {
                throw BenchError("the gateway did not start: \(line)")
            }
            let url = "\(address)/v1/chat/completions"
            func wrk(_ script: URL, connections: Int, seconds: Int) async throws -> WrkRun.Figures {
                let figures = try await WrkRun(
                    url: url, connections: connections, threads: connections == 1 ? 1 : 2, seconds: seconds, script: script).run()
                guard figures.errors == 0 else { throw BenchError("\(figures.errors) errors through the gateway (\(script.lastPathComponent))") }
                return figures
            }
            progress("limits: warming up both keys (2 s each)")
            _ = try await wrk(offScript, connections: connections, seconds: 2)
            _ = try await wrk(onScript, connections: connections, seconds: 2)
            var off: [WrkRun.Figures] = []
            var on: [WrkRun.Figures] = []
            for round in 1...rounds {
                progress("limits: round \(round) of \(rounds), 1 connection, \(seconds) s each")
                off.append(try await wrk(offScript, connections: 1, seconds: seconds))
                on.append(try await wrk(onScript, connections: 1, seconds: seconds))
            }
            progress("limits: \(connections) connections, \(seconds) s each")
            let offMany = try await wrk(offScript, connections: connections, seconds: seconds)
            let onMany = try await wrk(onScript, connections: connections, seconds: seconds)
            func mean(_ runs: [WrkRun.Figures], _ value: (WrkRun.Figures) -> Double) -> Double {
                runs.map(value).reduce(0, +) / Double(runs.count)
            }
            return Result(
                rounds: rounds, offRounds: off, onRounds: on, offMany: offMany, onMany: onMany,
                addedP50Milliseconds: mean(on, \.p50Milliseconds) - mean(off, \.p50Milliseconds),
                addedP99Milliseconds: mean(on, \.p99Milliseconds) - mean(off, \.p99Milliseconds),
                medianAddedP50Milliseconds: Self.median(zip(on, off).map { $0.p50Milliseconds - $1.p50Milliseconds }))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
