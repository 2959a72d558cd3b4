import Foundation

/// `routeledger-bench history`: a year of llm-compass history brought in and used the way a
/// person does, through the routeledger release binary's own CLI and HTTP API only — `import`,
/// `serve` (audits, filtered `/stats`, `/stats` while audits run, `POST /v1/replay`), `rebuild`,
/// `replay` — each figure beside its target.
struct HistoryBenchmark {
    typealias Percentiles = AnalyticsBenchmark.Percentiles

    struct Result: Encodable {
        var requests: Int
        var samples: Int
        var jsonLinesBytes: Int
        var generateSeconds: Double
        var importedRecords: Int
        var importedEvents: Int
        var importSeconds: Double
        var importRecordsPerSecond: Double
        var ledgerBytes: Int
        var ledgerToJSONLines: Double
        var serveReadySeconds: Double
        var newestRequestID: String
        var oldestRequestID: String
        var auditNewest: Percentiles
        var auditOldest: Percentiles
        var statsModelFilter: String
        var statsWindowFilter: String
        var statsByModel: Percentiles
        var statsByWindow: Percentiles
        var statsByModelAndWindow: Percentiles
        var statsDuringAudits: Percentiles
        var auditsDuringStats: Int
        var rebuildEvents: Int64
        var rebuildSeconds: Double
        var rebuildEventsPerSecond: Double
        /// `rebuild's own report`, or `wall clock` when its line could not be read.
        var rebuildTimedBy: String
        var replays: [Replay]
        var figures: [BenchmarkFigure]
    }

    /// One replay alternative, run by `routeledger replay --json` and by `POST /v1/replay`.
    struct Replay: Encodable {
        /// The CLI arguments, e.g. `--strategy token-length`.
        var alternative: String
        var selected: Int
        var replayed: Int
        var replayedPercent: Double
        var notReplayable: [String: Int]
        /// The CLI command's wall time: process start, catch-up, loading the requests and the replay.
        var commandSeconds: Double
        /// The first `POST /v1/replay` on the served ledger, which loads the replay engine.
        var firstCallSeconds: Double
        /// The following calls, the engine loaded.
        var afterLoad: Percentiles
    }

    var requests: Int
    /// HTTP calls per latency figure.
    var samples: Int
    var directory: URL
    /// The routeledger executable measured: the one beside this one, or an earlier build to compare with.
    var executable: String

    private var cli: RouteledgerCLI { RouteledgerCLI(executable: executable) }

    /// The `/stats` filters: the busiest model, and June's traffic (one twelfth of the year).
    static let statsModel = "model=qwen-turbo"
    static let statsWindow = "since=2025-06-01T00:00:00Z&until=2025-07-01T00:00:00Z"
    /// The alternatives replayed, as `routeledger replay` arguments and as `POST /v1/replay` bodies.
    static let alternatives: [(arguments: [String], body: String)] = [
        (["--strategy", "token-length"], #"{"strategy":"token-length"}"#),
        (["--model", "router-complexity-0.3"], #"{"model":"router-complexity-0.3"}"#),
    ]
    /// `POST /v1/replay` calls per alternative once the engine is loaded.
    static let replaysAfterLoad = 5

    func run(log progress: (String) -> Void) async throws -> Result {
        let history = try await ImportedHistory(requests: requests, directory: directory, routeledger: cli, log: progress)
        let ledgerPath = history.ledgerPath
        let ledgerBytes = AnalyticsBenchmark.fileSize(ledgerPath)

        progress("routeledger serve on the ledger, until /stats counts every record")
        let served = try await ServedLedger(ledgerPath: ledgerPath, executable: executable)
        return try await served.whileServing {
            let started = ContinuousClock.now
            try await served.waitForStats(calls: requests)
            let serveReadySeconds = (ContinuousClock.now - started).seconds
            let newest = try await requestID(served, "/stats/raw?limit=1")
            let oldest = try await requestID(served, "/stats/raw?limit=1&offset=\(requests - 1)")

            progress("GET /v1/requests/{id} × \(samples), newest and oldest request")
            let auditNewest = try await served.time("/v1/requests/\(newest)", times: samples)
            let auditOldest = try await served.time("/v1/requests/\(oldest)", times: samples)
            progress("GET /stats?\(Self.statsModel), ?\(Self.statsWindow), both × \(samples)")
            let both = "/stats?\(Self.statsModel)&\(Self.statsWindow)"
            let byModel = try await served.time("/stats?\(Self.statsModel)", times: samples)
            let byWindow = try await served.time("/stats?\(Self.statsWindow)", times: samples)
            let byBoth = try await served.time(both, times: samples)
            progress("GET \(both) × \(samples) while another client audits in a loop")
            let (duringAudits, audits) = try await statsDuringAudits(served, path: both, auditing: [newest, oldest])

            var httpReplays: [(first: Duration, afterLoad: Percentiles)] = []
            for alternative in Self.alternatives {
                progress("POST /v1/replay \(alternative.body) × \(1 + Self.replaysAfterLoad)")
                httpReplays.append(try await replayOverHTTP(served, body: alternative.body))
            }
            try await served.stop()

            progress("routeledger rebuild")
            let (rebuildOutput, rebuildWall) = try await cli.run(["rebuild", "--ledger", ledgerPath])
            let rebuild = Self.rebuildFigures(String(decoding: rebuildOutput, as: UTF8.self))
            let rebuildEvents = rebuild?.events ?? Int64(history.importedEvents)
            let rebuildSeconds = rebuild?.seconds ?? rebuildWall

            var replays: [Replay] = []
            for (alternative, http) in zip(Self.alternatives, httpReplays) {
                progress("routeledger replay \(alternative.arguments.joined(separator: " ")) --json")
                replays.append(try await replayCommand(alternative.arguments, ledgerPath: ledgerPath, http: http))
            }

            var result = Result(
                requests: requests, samples: samples, jsonLinesBytes: history.jsonLinesBytes,
                generateSeconds: history.generateSeconds, importedRecords: history.importedRecords,
                importedEvents: history.importedEvents, importSeconds: history.importSeconds,
                importRecordsPerSecond: Double(history.importedRecords) / history.importSeconds, ledgerBytes: ledgerBytes,
                ledgerToJSONLines: Double(ledgerBytes) / Double(history.jsonLinesBytes), serveReadySeconds: serveReadySeconds,
                newestRequestID: newest, oldestRequestID: oldest, auditNewest: auditNewest, auditOldest: auditOldest,
                statsModelFilter: Self.statsModel, statsWindowFilter: Self.statsWindow, statsByModel: byModel,
                statsByWindow: byWindow, statsByModelAndWindow: byBoth, statsDuringAudits: duringAudits,
                auditsDuringStats: audits, rebuildEvents: rebuildEvents, rebuildSeconds: rebuildSeconds,
                rebuildEventsPerSecond: Double(rebuildEvents) / rebuildSeconds,
                rebuildTimedBy: rebuild == nil ? "wall clock" : "rebuild's own report", replays: replays, figures: [])
            result.figures = Self.figures(result)
            return result
        }
    }

    /// The figures against the targets of issue 14.
    static func figures(_ r: Result) -> [BenchmarkFigure] {
        var figures = [
            BenchmarkFigure("import", r.importRecordsPerSecond, .atLeast, 40_000, unit: "records/s"),
            BenchmarkFigure("ledger ÷ JSONL bytes", r.ledgerToJSONLines, .atMost, 0.33, unit: "×"),
            BenchmarkFigure("audit newest p99", r.auditNewest.p99, .atMost, 5, unit: "ms"),
            BenchmarkFigure("audit oldest p99", r.auditOldest.p99, .atMost, 5, unit: "ms"),
            BenchmarkFigure("/stats?model p99", r.statsByModel.p99, .atMost, 5, unit: "ms"),
            BenchmarkFigure("/stats?since&until p99", r.statsByWindow.p99, .atMost, 5, unit: "ms"),
            BenchmarkFigure("/stats?model&since&until p99", r.statsByModelAndWindow.p99, .atMost, 5, unit: "ms"),
            BenchmarkFigure("/stats filtered p99 during audits", r.statsDuringAudits.p99, .atMost, 5, unit: "ms"),
            BenchmarkFigure("rebuild", r.rebuildEventsPerSecond, .atLeast, 300_000, unit: "events/s"),
        ]
        for replay in r.replays {
            let name = "replay \(replay.alternative)"
            figures.append(BenchmarkFigure("\(name) replayed", replay.replayedPercent, .atLeast, 99.9, unit: "%"))
            figures.append(BenchmarkFigure("\(name) after load p99", replay.afterLoad.p99 / 1_000, .atMost, 1, unit: "s"))
        }
        return figures
    }

    /// The `request_id` of the one record on the `/stats/raw` page at `path`.
    private func requestID(_ served: ServedLedger, _ path: String) async throws -> String {
        guard let id = try await served.rawRecord(path)["request_id"] as? String else {
            throw BenchError("GET \(path) has no record with a request_id")
        }
        return id
    }

    /// `/stats` at `path`, `samples` times, while a second client audits `ids` in turn without
    /// pause (the samples start once its first audit is answered); the `/stats` percentiles and how
    /// many audits (each a 200) ran meanwhile.
    private func statsDuringAudits(
        _ served: ServedLedger, path: String, auditing ids: [String]
    ) async throws -> (Percentiles, Int) {
        let (firstAudit, answered) = AsyncStream.makeStream(of: Void.self)
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                defer { answered.finish() }
                var audits = 0
                while !Task.isCancelled {
                    let path = "/v1/requests/\(ids[audits % ids.count])"
                    do {
                        _ = try served.ok(await served.get(path), "GET \(path)")
                    } catch where Task.isCancelled {
                        break
                    }
                    audits += 1
                    if audits == 1 { answered.finish() }
                }
                return audits
            }
            for await _ in firstAudit {}
            let stats = try await served.time(path, times: samples)
            group.cancelAll()
            return (stats, try await group.next() ?? 0)
        }
    }

    /// `POST /v1/replay` with `body`: the first call, which loads the engine, then
    /// ``replaysAfterLoad`` more.
    private func replayOverHTTP(_ served: ServedLedger, body: String) async throws -> (first: Duration, afterLoad: Percentiles) {
        let first = try served.ok(await served.post("/v1/replay", json: body), "POST /v1/replay \(body)").duration
        var after: [Duration] = []
        for _ in 0..<Self.replaysAfterLoad {
            after.append(try served.ok(await served.post("/v1/replay", json: body), "POST /v1/replay \(body)").duration)
        }
        return (first, Percentiles(after))
    }

    /// `routeledger replay ARGUMENTS --json` on the stopped server's ledger, with the HTTP timings.
    private func replayCommand(
        _ arguments: [String], ledgerPath: String, http: (first: Duration, afterLoad: Percentiles)
    ) async throws -> Replay {
        let (output, seconds) = try await cli.run(["replay", "--ledger", ledgerPath, "--json"] + arguments)
        let report = try RouteledgerCLI.jsonObject(output, "replay --json")
        guard let counts = report["requests"] as? [String: Any], let selected = counts["selected"] as? Int,
            let replayed = counts["replayed"] as? Int
        else { throw BenchError("replay --json has no requests.selected and requests.replayed") }
        return Replay(
            alternative: arguments.joined(separator: " "), selected: selected, replayed: replayed,
            replayedPercent: selected > 0 ? 100 * Double(replayed) / Double(selected) : 0,
            notReplayable: counts["not_replayable"] as? [String: Int] ?? [:], commandSeconds: seconds,
            firstCallSeconds: http.first.seconds, afterLoad: http.afterLoad)
    }

    /// Events and seconds from rebuild's line `rebuilt stats: 30001 events in 0.52 s (57694 events/s)`.
    static func rebuildFigures(_ output: String) -> (events: Int64, seconds: Double)? {
        guard let match = output.firstMatch(of: #/(\d+) events in ([0-9.]+) s/#),
            let events = Int64(match.1), let seconds = Double(match.2), seconds > 0
        else { return nil }
        return (events, seconds)
    }
}
