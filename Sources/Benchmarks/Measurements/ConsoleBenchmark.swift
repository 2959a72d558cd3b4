import Foundation
import NIOCore
import NIOHTTP1
import PostgresTestSupport
import TrafficFixtures

/// `routeledger-bench console`: the browser console's pages on a year of imported history, read
/// the way a signed-in browser reads them — through a real `routeledger serve` with an admin key,
/// signed in on `/console/sign-in`, the session cookie on every page — each page repeated one
/// call after another, every answer a 200, its p99 beside issue 17's target. The JSON endpoints
/// the pages read are timed the same way beside them, to tell a page's own cost from its data's.
struct ConsoleBenchmark {
    typealias Percentiles = AnalyticsBenchmark.Percentiles

    struct Result: Encodable {
        var requests: Int
        var samples: Int
        var warmUp: Int
        /// How the pages were read.
        var access: String
        /// The ledger served: `sqlite`, or `postgres` (the imported SQLite ledger moved there with
        /// `routeledger ledger copy`, served by a replica with projections of its own).
        var ledger: String
        var importedEvents: Int
        var importSeconds: Double
        var ledgerBytes: Int
        /// With PostgreSQL: how long `ledger copy` took.
        var copySeconds: Double?
        var serveReadySeconds: Double
        /// What the pages were asked about: the busiest model, the start of the 30 days before the
        /// newest record and the middle of the data (epoch seconds), and the request audited.
        var model: String
        var windowSince: Int64
        var middle: Int64
        var auditedRequestID: String
        var pages: [Timing]
        var endpoints: [Timing]
        /// The command-line reads of the audited request, against the same ledger.
        var commands: [CommandTiming]
        var figures: [BenchmarkFigure]
    }

    /// One `routeledger` command, run `runs` times one after another, each from its start to its
    /// exit (the process's start and the ledger's opening included).
    struct CommandTiming: Encodable {
        var name: String
        var arguments: [String]
        var runs: Int
        var medianSeconds: Double
        var maxSeconds: Double
    }

    /// How the timed commands reach the served ledger: the executable, the options naming the
    /// ledger and the served replica's projections, and the environment (the database URL).
    struct LedgerCommandLine {
        var cli: RouteledgerCLI
        var ledger: [String]
        var projections: [String] = []
        var environment: [String: String] = [:]
    }

    /// One page or endpoint, called `samples` times after the warm-up.
    struct Timing: Encodable {
        var name: String
        var path: String
        /// The status of every answer: anything but 200 fails the benchmark.
        var status: Int
        /// The body's size (the last answer's).
        var bytes: Int
        var latency: Percentiles
    }

    /// Issue 17: each page's server time, p99, at 1,000,000 requests.
    static let p99TargetMilliseconds = 50.0
    /// The console's session cookie.
    static let sessionCookie = "rl_console"
    static let access =
        "signed in with the admin key (auth.admin_key_env) on /console/sign-in, the rl_console cookie on every page"

    var requests: Int
    /// Timed calls per page.
    var samples: Int
    /// Untimed calls per page before them.
    var warmUp: Int
    var directory: URL
    /// The routeledger executable measured.
    var executable: String
    /// The PostgreSQL server (a user allowed to create databases) to serve the ledger from, or nil
    /// for the imported SQLite file itself.
    var postgresServerURL: String? = nil
    /// Runs of each command-line read.
    static let commandRuns = 5

    func run(log progress: (String) -> Void) async throws -> Result {
        let history = try await ImportedHistory(
            requests: requests, directory: directory, routeledger: RouteledgerCLI(executable: executable), log: progress)
        // 3.4 GB at 1,000,000 records, and nothing reads it again.
        try? FileManager.default.removeItem(atPath: history.jsonLinesPath)
        let ledgerBytes = AnalyticsBenchmark.fileSize(history.ledgerPath)

        let adminKey = "rl-bench-" + UUID().uuidString + UUID().uuidString
        let cli = RouteledgerCLI(executable: executable)
        guard let postgresServerURL else {
            progress("routeledger serve with an admin key, until /stats counts every record")
            let served = try await ServedLedger(ledgerPath: history.ledgerPath, executable: executable, adminKey: adminKey)
            return try await measure(
                served, adminKey: adminKey, history: history, ledgerBytes: ledgerBytes, copySeconds: nil,
                commandLine: LedgerCommandLine(cli: cli, ledger: ["--ledger", history.ledgerPath]), progress: progress)
        }
        return try await TestDatabase.with(server: postgresServerURL) { url in
            let environment = ["ROUTELEDGER_DATABASE_URL": url]
            progress("routeledger ledger copy --from sqlite:… --to postgres")
            let (_, copySeconds) = try await cli.run(
                ["ledger", "copy", "--from", "sqlite:" + history.ledgerPath, "--to", "postgres"], environment: environment)
            progress(String(format: "copied in %.1f s; routeledger serve --ledger postgres with an admin key, until /stats counts every record", copySeconds))
            let configPath = directory.appendingPathComponent("postgres-serve.yaml").path
            try "auth:\n  admin_key_env: \(ServedLedger.adminKeyVariable)\n".write(toFile: configPath, atomically: true, encoding: .utf8)
            let projections = directory.appendingPathComponent("postgres-projections.sqlite").path
            let served = try await ServedLedger(
                arguments: [executable, "serve", "--port", "0", "--config", configPath, "--ledger", "postgres",
                            "--projections", projections],
                environment: environment.merging(["LOG_LEVEL": "error", ServedLedger.adminKeyVariable: adminKey]) { $1 },
                adminKey: adminKey)
            return try await measure(
                served, adminKey: adminKey, history: history, ledgerBytes: ledgerBytes, copySeconds: copySeconds,
                commandLine: LedgerCommandLine(
                    cli: cli, ledger: ["--ledger", "postgres"], projections: ["--projections", projections], environment: environment),
                progress: progress)
        }
    }

    /// Times every page, endpoint and command-line read on the served ledger, then stops the server.
    private func measure(
        _ served: ServedLedger, adminKey: String, history: ImportedHistory, ledgerBytes: Int, copySeconds: Double?,
        commandLine: LedgerCommandLine,
        progress: (String) -> Void
    ) async throws -> Result {
        try await served.whileServing {
            let started = ContinuousClock.now
            try await served.waitForStats(calls: requests)
            let serveReadySeconds = (ContinuousClock.now - started).seconds

            progress("signing in on /console/sign-in")
            let browser: HTTPHeaders = ["cookie": try await signIn(served, adminKey: adminKey)]
            let subjects = try await Subjects(served, requests: requests, browser: browser)

            var pages: [Timing] = []
            for (name, path) in subjects.pages {
                progress("GET \(path) × \(warmUp) + \(samples)")
                pages.append(try await time(name, path, served, headers: browser))
            }
            var endpoints: [Timing] = []
            for (name, path) in subjects.endpoints {
                progress("GET \(path) × \(warmUp) + \(samples)")
                endpoints.append(try await time(name, path, served, headers: [:]))
            }
            var commands: [CommandTiming] = []
            for (name, arguments) in [
                // explain reads the served replica's projections too (the request's row); prove only the ledger.
                ("explain (the audit)", ["explain", subjects.auditedRequestID, "--json"] + commandLine.ledger + commandLine.projections),
                ("prove --request", ["prove", "--request", subjects.auditedRequestID, "--json"] + commandLine.ledger),
            ] {
                progress("routeledger \(arguments.joined(separator: " ")) × \(Self.commandRuns)")
                var seconds: [Double] = []
                for _ in 0..<Self.commandRuns {
                    seconds.append(try await commandLine.cli.run(arguments, environment: commandLine.environment).seconds)
                }
                seconds.sort()
                commands.append(CommandTiming(
                    name: name, arguments: arguments, runs: seconds.count, medianSeconds: seconds[seconds.count / 2].rounded(to: 3),
                    maxSeconds: seconds[seconds.count - 1].rounded(to: 3)))
            }
            return Result(
                requests: requests, samples: samples, warmUp: warmUp, access: Self.access,
                ledger: postgresServerURL == nil ? "sqlite" : "postgres",
                importedEvents: history.importedEvents, importSeconds: history.importSeconds, ledgerBytes: ledgerBytes,
                copySeconds: copySeconds.map { $0.rounded(to: 1) },
                serveReadySeconds: serveReadySeconds, model: subjects.model, windowSince: subjects.windowSince,
                middle: subjects.middle, auditedRequestID: subjects.auditedRequestID, pages: pages, endpoints: endpoints,
                commands: commands,
                figures: pages.map {
                    BenchmarkFigure($0.name + " p99", $0.latency.p99, .atMost, Self.p99TargetMilliseconds, unit: "ms")
                })
        }
    }

    /// The pages and endpoints timed, with what they ask about found in the served data.
    private struct Subjects {
        var model: String
        var windowSince: Int64
        var middle: Int64
        var auditedRequestID: String
        var pages: [(name: String, path: String)]
        var endpoints: [(name: String, path: String)]

        /// The busiest model from `/stats`; the newest and oldest records' times from `/stats/raw`;
        /// the request log's cursor halfway deep and a request id there, from the log page of the
        /// requests that ended before the middle of the data.
        init(_ served: ServedLedger, requests: Int, browser: HTTPHeaders) async throws {
            let stats = try served.ok(await served.get("/stats"), "GET /stats").json()
            let distribution = stats["model_distribution"] as? [String: Int] ?? [:]
            guard let busiest = distribution.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else {
                throw BenchError("/stats has no model_distribution")
            }
            model = busiest.key
            let modelQuery = model.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? model
            let newest = try await Self.timestamp(served, "/stats/raw?limit=1")
            let oldest = try await Self.timestamp(served, "/stats/raw?limit=1&offset=\(requests - 1)")
            windowSince = Int64(newest) - 30 * 86_400
            middle = Int64((newest + oldest) / 2)
            let halfway = "/console/requests?until=\(middle)"
            let log = String(buffer: try served.ok(await served.get(halfway, headers: browser), "GET \(halfway)").body)
            guard let id = Self.attribute("data-request-id", in: log),
                let next = Self.attribute("href", after: #"id="next-page""#, in: log),
                let cursor = URLComponents(string: next.replacingOccurrences(of: "&amp;", with: "&"))?
                    .queryItems?.first(where: { $0.name == "cursor" })?.value
            else { throw BenchError("GET \(halfway) has no request row or no Older link") }
            auditedRequestID = id
            pages = [
                ("overview, all time", "/console/overview"),
                ("overview, 30 days by day", "/console/overview?since=\(windowSince)&bucket=1d"),
                ("overview, one model", "/console/overview?model=\(modelQuery)"),
                ("requests, newest", "/console/requests"),
                ("requests, halfway (cursor)", "/console/requests?cursor=\(cursor)"),
                ("requests, model + failed", "/console/requests?model=\(modelQuery)&status=failed"),
                ("request audit, halfway", "/console/requests/\(id)"),
                ("providers", "/console/providers"),
                ("models", "/console/models"),
                ("what-if (form)", "/console/what-if"),
                ("configuration", "/console/configuration"),
            ]
            endpoints = [
                ("/stats, all time", "/stats"),
                ("/stats, 30 days", "/stats?since=\(windowSince)"),
                ("/stats, one model", "/stats?model=\(modelQuery)"),
                ("/stats/raw, 50 newest", "/stats/raw?limit=50"),
                ("audit, halfway", "/v1/requests/\(id)"),
            ]
        }

        /// What a query or form value keeps unescaped.
        static let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

        private static func timestamp(_ served: ServedLedger, _ path: String) async throws -> Double {
            guard let seconds = try await served.rawRecord(path)["timestamp"] as? Double else {
                throw BenchError("GET \(path): the record has no epoch-seconds timestamp")
            }
            return seconds
        }

        /// The value of the first `name="…"` in `html` (after `marker` when one is given).
        private static func attribute(_ name: String, after marker: String? = nil, in html: String) -> String? {
            var rest = Substring(html)
            if let marker {
                guard let found = rest.range(of: marker) else { return nil }
                rest = rest[found.upperBound...]
            }
            guard let start = rest.range(of: name + #"=""#), let end = rest[start.upperBound...].firstIndex(of: "\"") else {
                return nil
            }
            return String(rest[start.upperBound..<end])
        }
    }

    /// Signs in as a browser does — the admin key posted as a form — and returns the session
    /// cookie the answer sets, as a `Cookie` header value (`rl_console=…`).
    private func signIn(_ served: ServedLedger, adminKey: String) async throws -> String {
        let key = adminKey.addingPercentEncoding(withAllowedCharacters: Subjects.unreserved) ?? adminKey
        let answer = try await served.post("/console/sign-in", form: "key=\(key)")
        let cookie = answer.headers["set-cookie"].lazy.compactMap { header in
            header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }.first { $0.hasPrefix(Self.sessionCookie + "=") }
        guard (300..<400).contains(answer.status), let cookie, cookie.count > Self.sessionCookie.count + 1 else {
            throw BenchError("POST /console/sign-in answered \(answer.status) without a \(Self.sessionCookie) cookie")
        }
        return cookie
    }

    /// `path` `warmUp` times untimed, then `samples` times timed, one call after another; each
    /// answer must be a 200.
    private func time(_ name: String, _ path: String, _ served: ServedLedger, headers: HTTPHeaders) async throws -> Timing {
        var durations: [Duration] = []
        var last: ServedLedger.Answer?
        for call in 0..<(warmUp + samples) {
            let answer = try served.ok(await served.get(path, headers: headers), "GET \(path)")
            if call >= warmUp { durations.append(answer.duration) }
            last = answer
        }
        return Timing(
            name: name, path: path, status: last?.status ?? 0, bytes: last?.body.readableBytes ?? 0,
            latency: Percentiles(durations))
    }
}
