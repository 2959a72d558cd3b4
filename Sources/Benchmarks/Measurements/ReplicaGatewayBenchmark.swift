import CommandLineHarness
import Foundation
import Ledger
import PostgresLedger
import PostgresTestSupport
import TrafficFixtures

/// `routeledger-bench replicas`, its gateway part: the same wrk load through nginx (one worker,
/// round-robin) in front of one `routeledger serve` on SQLite and of 1, 2, 3… replicas on one
/// PostgreSQL database, with the CPU each side spends per request; and how long a breaker opened
/// through one replica takes to be honoured by another.
///
/// Everything runs as separate processes on this machine: the upstream (nginx answering a fixed
/// completion, as in `routeledger-bench gateway`), the balancer, the replicas, PostgreSQL and wrk.
struct ReplicaGatewayBenchmark {
    var seconds: Int
    var connections: Int
    var replicaCounts: [Int]
    var breakerRounds: Int
    /// Alternating one-connection rounds of the SQLite gateway and one PostgreSQL replica.
    var latencyRounds: Int
    /// The PostgreSQL server's URL (maintenance database); a database is made per run and dropped.
    var serverURL: String
    var directory: URL

    struct Run: Encodable {
        var store: String
        var replicas: Int
        var oneConnection: WrkRun.Figures
        var many: WrkRun.Figures
        /// Events the ledger took per second during the `many` run.
        var appendsPerSecond: Double
        /// CPU milliseconds per request during the `many` run: all replicas together, PostgreSQL's
        /// processes, and the two nginx (balancer and upstream).
        var gatewayCPUMillisecondsPerRequest: Double
        var postgresCPUMillisecondsPerRequest: Double
        var nginxCPUMillisecondsPerRequest: Double

        enum CodingKeys: String, CodingKey {
            case store, replicas
            case oneConnection = "one_connection"
            case many
            case appendsPerSecond = "appends_per_s"
            case gatewayCPUMillisecondsPerRequest = "gateway_cpu_ms_per_request"
            case postgresCPUMillisecondsPerRequest = "postgres_cpu_ms_per_request"
            case nginxCPUMillisecondsPerRequest = "nginx_cpu_ms_per_request"
        }
    }

    /// A gateway on SQLite at each durability and one replica on PostgreSQL, all running, called
    /// directly at one connection in alternating rounds, so that they see the same machine: one run
    /// after another varies by ±0.2 ms at p50 here.
    ///
    /// PostgreSQL flushes the WAL at every commit (`synchronous_commit` on), so it also survives
    /// power loss: SQLite's `durability: full` is the same promise, its default `normal` a weaker one
    /// (it survives a killed process, not power loss).
    struct LatencyComparison: Encodable {
        var sqliteRounds: [WrkRun.Figures] = []
        var sqliteFullRounds: [WrkRun.Figures] = []
        var postgresRounds: [WrkRun.Figures] = []

        enum CodingKeys: String, CodingKey {
            case sqliteRounds = "sqlite_rounds"
            case sqliteFullRounds = "sqlite_full_rounds"
            case postgresRounds = "postgres_rounds"
        }

        /// The mean over the rounds of PostgreSQL's figure minus `baseline`'s.
        func added(_ figure: (WrkRun.Figures) -> Double, over baseline: [WrkRun.Figures]) -> Double {
            let differences = zip(postgresRounds, baseline).map { figure($0) - figure($1) }
            return (differences.reduce(0, +) / Double(max(1, differences.count))).rounded(to: 3)
        }
    }

    struct Result: Encodable {
        var seconds: Int
        var connections: Int
        var runs: [Run]
        var latency: LatencyComparison
        /// PostgreSQL at one replica minus SQLite (default durability) at one replica, at one
        /// connection: the mean over ``latency``'s alternating rounds.
        var addedP50Milliseconds: Double
        var addedP99Milliseconds: Double
        /// The same over SQLite with `durability: full` (a commit flushed to disk, as PostgreSQL's).
        var addedP50OverFullMilliseconds: Double
        /// Requests per second one more core would add as a gateway replica (1 s of CPU over a
        /// replica's CPU per request), and the requests per second one core of PostgreSQL
        /// carries: the bounds of adding machines, from the largest replica run.
        var projectedRequestsPerSecondPerGatewayCore: Double
        var projectedRequestsPerSecondPerPostgresCore: Double
        /// Milliseconds from one replica showing a provider's breaker open (its `/status`) to
        /// another showing it, per round.
        var breakerPropagationMilliseconds: [Double]

        enum CodingKeys: String, CodingKey {
            case seconds, connections, runs, latency
            case addedP50Milliseconds = "added_p50_ms"
            case addedP99Milliseconds = "added_p99_ms"
            case addedP50OverFullMilliseconds = "added_p50_over_full_ms"
            case projectedRequestsPerSecondPerGatewayCore = "projected_rps_per_gateway_core"
            case projectedRequestsPerSecondPerPostgresCore = "projected_rps_per_postgres_core"
            case breakerPropagationMilliseconds = "breaker_propagation_ms"
        }
    }

    func run(log progress: (String) -> Void) async throws -> Result {
        let upstreamPort = try FreePort.pick()
        let failing = (0..<breakerRounds).map { "/failing-\($0)/" }
        let upstream = try await Nginx.start(
            servers: Nginx.fixedAnswers(port: upstreamPort, ["/": GatewayBenchmark.upstreamAnswer], failing: failing),
            name: "upstream", in: directory)
        return try await upstream.whileRunning(stoppingWith: SIGKILL) {
            let script = directory.appendingPathComponent("request.lua")
            try Data(GatewayBenchmark.luaScript.utf8).write(to: script)
            try await WrkRun.waitUntilServing("http://127.0.0.1:\(upstreamPort)/v1/chat/completions", script: script)
            let config = GatewayBenchmark.gatewayConfig(upstreamPort: upstreamPort)
            let configPath = directory.appendingPathComponent("gateway.yaml")
            try Data(config.utf8).write(to: configPath)

            var runs: [Run] = []
            let sqlitePath = directory.appendingPathComponent("bench.sqlite").path
            runs.append(try await measure(
                store: "sqlite", replicas: 1, ledger: ["--ledger", sqlitePath], environment: [:], config: configPath,
                script: script, upstreamPID: upstream.processIdentifier, progress: progress
            ) { try await Self.sqliteHead(sqlitePath) })
            progress(Self.line(runs[runs.count - 1]))
            for count in replicaCounts {
                try await TestDatabase.with(server: serverURL) { url in
                    runs.append(try await measure(
                        store: "postgres", replicas: count, ledger: ["--ledger", "postgres"],
                        environment: ["ROUTELEDGER_DATABASE_URL": url], config: configPath, script: script,
                        upstreamPID: upstream.processIdentifier, progress: progress
                    ) { try await Self.postgresHead(url) })
                }
                progress(Self.line(runs[runs.count - 1]))
            }
            let latency = try await compareLatency(config: configPath, text: config, script: script, progress: progress)
            let delays = try await measureBreakerPropagation(upstreamPort: upstreamPort, failing: failing, progress: progress)

            let sqlite = runs[0]
            let postgresOne = runs.first { $0.store == "postgres" && $0.replicas == 1 } ?? runs[runs.count - 1]
            let largest = runs.filter { $0.store == "postgres" }.max { $0.replicas < $1.replicas } ?? postgresOne
            let perReplicaCPU = largest.gatewayCPUMillisecondsPerRequest
            return Result(
                seconds: seconds, connections: connections, runs: runs, latency: latency,
                addedP50Milliseconds: latency.added(\.p50Milliseconds, over: latency.sqliteRounds),
                addedP99Milliseconds: latency.added(\.p99Milliseconds, over: latency.sqliteRounds),
                addedP50OverFullMilliseconds: latency.added(\.p50Milliseconds, over: latency.sqliteFullRounds),
                projectedRequestsPerSecondPerGatewayCore: (1_000 / perReplicaCPU).rounded(),
                projectedRequestsPerSecondPerPostgresCore: (1_000 / largest.postgresCPUMillisecondsPerRequest).rounded(),
                breakerPropagationMilliseconds: delays)
        }
    }

    static func line(_ run: Run) -> String {
        String(
            format: "%@ × %d: 1 connection p50 %.3f ms, p99 %.3f ms; loaded %.0f req/s (%d errors), %.0f events/s appended; CPU per request: gateways %.3f ms, PostgreSQL %.3f ms, nginx %.3f ms",
            run.store, run.replicas, run.oneConnection.p50Milliseconds, run.oneConnection.p99Milliseconds,
            run.many.requestsPerSecond, run.many.errors, run.appendsPerSecond, run.gatewayCPUMillisecondsPerRequest,
            run.postgresCPUMillisecondsPerRequest, run.nginxCPUMillisecondsPerRequest)
    }

    /// Starts `replicas` gateways on one ledger behind a balancer and runs wrk through it: warm-up,
    /// one connection (latency), then ``connections`` (throughput and CPU per request).
    private func measure(
        store: String, replicas: Int, ledger: [String], environment: [String: String], config: URL, script: URL,
        upstreamPID: Int32, progress: (String) -> Void, head: () async throws -> Int64
    ) async throws -> Run {
        let executable = try BuiltExecutable.named("routeledger").path
        var gateways: [ServedLedger] = []
        defer {
            let started = gateways
            Task { for gateway in started { _ = try? await gateway.stop() } }
        }
        for index in 0..<replicas {
            let projections = directory.appendingPathComponent("\(store)-\(replicas)-replica-\(index)-projections.sqlite").path
            let arguments = [executable, "serve", "--config", config.path, "--port", "0"] + ledger
                + (store == "postgres" ? ["--projections", projections] : [])
            gateways.append(try await ServedLedger(arguments: arguments, environment: environment.merging(["LOG_LEVEL": "error"]) { $1 }))
        }
        let balancerPort = try FreePort.pick()
        let balancer = try await Nginx.start(
            servers: Nginx.balancer(port: balancerPort, backends: gateways.map(\.hostAndPort)),
            name: "balancer-\(store)-\(replicas)", in: directory)
        let run = try await balancer.whileRunning(stoppingWith: SIGKILL) {
            let url = "http://127.0.0.1:\(balancerPort)/v1/chat/completions"
            try await WrkRun.waitUntilServing(url, script: script)
            func wrk(_ connections: Int, seconds: Int) async throws -> WrkRun.Figures {
                try await WrkRun(url: url, connections: connections, threads: connections == 1 ? 1 : 2, seconds: seconds, script: script).run()
            }
            progress("\(store) × \(replicas): warming up (2 s, \(connections) connections)")
            _ = try await wrk(connections, seconds: 2)
            progress("\(store) × \(replicas): 1 connection, \(seconds) s")
            let one = try await wrk(1, seconds: seconds)
            progress("\(store) × \(replicas): \(connections) connections, \(seconds) s")
            let nginxPIDs = [upstreamPID, balancer.processIdentifier]
            func cpu() -> (gateways: Double, postgres: Double, nginx: Double) {
                (gateways.reduce(0) { $0 + CPUTime.seconds(pid: $1.processIdentifier) },
                 // A SQLite gateway uses no PostgreSQL: the cluster's own background work is not its.
                 store == "postgres" ? CPUTime.processSeconds(named: "postgres") : 0,
                 nginxPIDs.reduce(0) { $0 + CPUTime.seconds(pid: $1) })
            }
            let (headBefore, cpuBefore, start) = (try await head(), cpu(), ContinuousClock.now)
            let many = try await wrk(connections, seconds: seconds)
            let (cpuAfter, elapsed) = (cpu(), (ContinuousClock.now - start).seconds)
            let appended = Double(try await head() - headBefore)
            let requests = Double(max(1, many.requests))
            return Run(
                store: store, replicas: replicas, oneConnection: one, many: many,
                appendsPerSecond: (appended / elapsed).rounded(),
                gatewayCPUMillisecondsPerRequest: ((cpuAfter.gateways - cpuBefore.gateways) * 1_000 / requests).rounded(to: 4),
                postgresCPUMillisecondsPerRequest: ((cpuAfter.postgres - cpuBefore.postgres) * 1_000 / requests).rounded(to: 4),
                nginxCPUMillisecondsPerRequest: ((cpuAfter.nginx - cpuBefore.nginx) * 1_000 / requests).rounded(to: 4))
        }
        for gateway in gateways {
            let termination = try await gateway.stop()
            guard termination == .exited(0) else { throw BenchError("a replica ended with \(termination)") }
        }
        gateways = []
        return run
    }

    /// Gateways on SQLite (each durability) and one replica on PostgreSQL, all serving; wrk at
    /// one connection to each directly (no balancer), in alternating rounds after a warm-up of each.
    /// `config` is the gateway's file, `text` its contents (the `full` one adds a line to them).
    private func compareLatency(config: URL, text: String, script: URL, progress: (String) -> Void) async throws -> LatencyComparison {
        let executable = try BuiltExecutable.named("routeledger").path
        func serve(_ config: URL) -> [String] { [executable, "serve", "--config", config.path, "--port", "0"] }
        let fullConfig = directory.appendingPathComponent("gateway-full.yaml")
        try Data((text + "\nledger: {durability: full}\n").utf8).write(to: fullConfig)
        let sqlite = try await ServedLedger(
            arguments: serve(config) + ["--ledger", directory.appendingPathComponent("latency.sqlite").path],
            environment: ["LOG_LEVEL": "error"])
        let sqliteFull = try await ServedLedger(
            arguments: serve(fullConfig) + ["--ledger", directory.appendingPathComponent("latency-full.sqlite").path],
            environment: ["LOG_LEVEL": "error"])
        return try await TestDatabase.with(server: serverURL) { url in
            let projections = directory.appendingPathComponent("latency-projections.sqlite").path
            let postgres = try await ServedLedger(
                arguments: serve(config) + ["--ledger", "postgres", "--projections", projections],
                environment: ["ROUTELEDGER_DATABASE_URL": url, "LOG_LEVEL": "error"])
            func wrk(_ gateway: ServedLedger, seconds: Int) async throws -> WrkRun.Figures {
                try await WrkRun(
                    url: "\(gateway.address)/v1/chat/completions", connections: 1, threads: 1, seconds: seconds, script: script
                ).run()
            }
            var comparison = LatencyComparison()
            progress("side by side at 1 connection: warming up each (2 s)")
            for gateway in [sqlite, sqliteFull, postgres] { _ = try await wrk(gateway, seconds: 2) }
            for round in 1...latencyRounds {
                progress("side by side at 1 connection: round \(round) of \(latencyRounds), \(seconds) s each")
                comparison.sqliteRounds.append(try await wrk(sqlite, seconds: seconds))
                comparison.sqliteFullRounds.append(try await wrk(sqliteFull, seconds: seconds))
                comparison.postgresRounds.append(try await wrk(postgres, seconds: seconds))
            }
            for gateway in [sqlite, sqliteFull, postgres] {
                let termination = try await gateway.stop()
                guard termination == .exited(0) else { throw BenchError("a gateway ended with \(termination)") }
            }
            return comparison
        }
    }

    /// Two replicas on one database; per round, one failing request through the first opens that
    /// round's provider's breaker (threshold 1) while the bench polls both replicas' `/status`: the
    /// time from the first showing it open to the second showing it open.
    private func measureBreakerPropagation(upstreamPort: Int, failing: [String], progress: (String) -> Void) async throws -> [Double] {
        guard !failing.isEmpty else { return [] }
        let config = directory.appendingPathComponent("breakers.yaml")
        try Data(Self.breakerConfig(upstreamPort: upstreamPort, failing: failing).utf8).write(to: config)
        let executable = try BuiltExecutable.named("routeledger").path
        return try await TestDatabase.with(server: serverURL) { url in
            var replicas: [ServedLedger] = []
            for index in 0..<2 {
                let projections = directory.appendingPathComponent("breakers-\(index)-projections.sqlite").path
                replicas.append(try await ServedLedger(
                    arguments: [executable, "serve", "--config", config.path, "--port", "0", "--ledger", "postgres",
                                "--projections", projections],
                    environment: ["ROUTELEDGER_DATABASE_URL": url, "LOG_LEVEL": "error"]))
            }
            var delays: [Double] = []
            for round in failing.indices {
                let provider = "failing-\(round)"
                let request = GatewayBenchmark.request.replacingOccurrences(of: #""model":"auto""#, with: #""model":"\#(provider)""#)
                let first = replicas[0]
                async let answer = first.post("/v1/chat/completions", json: request)
                var seenOpen: [ContinuousClock.Instant?] = [nil, nil]
                let deadline = ContinuousClock.now + .seconds(30)
                while seenOpen[1] == nil, ContinuousClock.now < deadline {
                    for index in 0..<2 where seenOpen[index] == nil {
                        if try await Self.breakerIsOpen(provider, on: replicas[index]) { seenOpen[index] = ContinuousClock.now }
                    }
                }
                _ = try await answer
                guard let opened = seenOpen[0], let seen = seenOpen[1] else {
                    throw BenchError("the breaker of \(provider) opened through one replica was not seen open on the other within 30 s")
                }
                delays.append(((seen - opened).seconds * 1_000).rounded(to: 2))
                progress("breaker round \(round + 1) of \(failing.count): seen on the other replica after \(delays[delays.count - 1]) ms")
            }
            for replica in replicas { try await replica.stop() }
            return delays
        }
    }

    private static func breakerIsOpen(_ provider: String, on replica: ServedLedger) async throws -> Bool {
        let status = try replica.ok(try await replica.get("/status"), "GET /status").json()
        let providers = status["providers"] as? [[String: Any]] ?? []
        return providers.contains { $0["name"] as? String == provider && $0["breaker"] as? String == "open" }
    }

    /// One failing provider per round (each its own nginx location answering 500), one model on
    /// each, the healthy provider for everything else; a breaker opens at the first failure.
    private static func breakerConfig(upstreamPort: Int, failing: [String]) -> String {
        let providers = failing.indices.map {
            "  - {name: failing-\($0), kind: openai, base_url: \"http://127.0.0.1:\(upstreamPort)/failing-\($0)/v1\", timeout_ms: 10000}"
        }
        let models = failing.indices.map {
            "  - {name: failing-\($0), provider: failing-\($0), tier: complex, input_price_per_1k: 0.0025, output_price_per_1k: 0.01}"
        }
        return """
            providers:
              - {name: bench, kind: openai, base_url: "http://127.0.0.1:\(upstreamPort)/v1", timeout_ms: 10000}
            \(providers.joined(separator: "\n"))
            models:
              - {name: small, provider: bench, tier: simple, input_price_per_1k: 0.00015, output_price_per_1k: 0.0006}
              - {name: medium, provider: bench, tier: medium, input_price_per_1k: 0.0004, output_price_per_1k: 0.0016}
              - {name: large, provider: bench, tier: complex, input_price_per_1k: 0.0025, output_price_per_1k: 0.01}
            \(models.joined(separator: "\n"))
            routing:
              retries: {count: 0}
              breaker: {failure_threshold: 1, cooldown_ms: 600000}
            """
    }

    private static func sqliteHead(_ path: String) async throws -> Int64 {
        var options = LedgerOptions(autoTrainAfterEvents: 0)
        options.store.readOnly = true
        options.store.createIfMissing = false
        let ledger = try Ledger(path: path, options: options)
        defer { Task { await ledger.close() } }
        return try await ledger.head()?.seq ?? 0
    }

    private static func postgresHead(_ url: String) async throws -> Int64 {
        let ledger = try Ledger(
            store: try await PostgresEventStore.open(url: PostgresURL(url)), options: LedgerOptions(autoTrainAfterEvents: 0))
        defer { Task { await ledger.close() } }
        return try await ledger.head()?.seq ?? 0
    }
}
