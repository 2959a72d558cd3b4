import AsyncHTTPClient
import CommandLineHarness
import Foundation
import NIOCore
import NIOHTTP1

/// `routeledger serve` on a ledger, as a child process on a port it picks, and the timed HTTP calls
/// a benchmark makes to it — only through the public HTTP API, so the figures hold whatever the
/// server does inside.
final class ServedLedger: Sendable {
    /// One answer: its status, its headers, its body and how long it took from sending to the last byte.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
        var duration: Duration

        /// The body as a JSON object.
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw BenchError("the answer is not a JSON object: \(String(buffer: body).prefix(200))")
            }
            return object
        }
    }

    /// The environment variable the served configuration names in `auth.admin_key_env`.
    static let adminKeyVariable = "ROUTELEDGER_BENCH_ADMIN_KEY"

    /// `http://127.0.0.1:PORT`.
    let address: String
    /// The admin key the server was given. Every API call carries it as a bearer token; the
    /// console's pages (`/console/…`) do not: a browser reads them with its session cookie.
    let adminKey: String?
    private let server: ChildProcess
    /// Like `HTTPClient.shared` but for redirects, which it returns instead of following: a console
    /// page that sends the browser to the sign-in page must not be timed as that page.
    private static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: {
            var configuration = HTTPClient.Configuration.singletonConfiguration
            configuration.redirectConfiguration = .disallow
            return configuration
        }())

    /// Starts `executable serve` (a routeledger executable) on `ledgerPath` and waits until it listens:
    /// with the built-in configuration, or with `adminKey` as its admin key (the built-in
    /// configuration and `auth.admin_key_env`, in a file beside the ledger).
    convenience init(ledgerPath: String, executable: String, adminKey: String? = nil) async throws {
        var arguments = [executable, "serve", "--port", "0", "--ledger", ledgerPath]
        var environment = ["LOG_LEVEL": "error"]
        if let adminKey {
            let configPath = ledgerPath + "-serve.yaml"
            try "auth:\n  admin_key_env: \(Self.adminKeyVariable)\n".write(toFile: configPath, atomically: true, encoding: .utf8)
            arguments += ["--config", configPath]
            environment[Self.adminKeyVariable] = adminKey
        }
        try await self.init(arguments: arguments, environment: environment, adminKey: adminKey)
    }

    /// Starts `arguments` (a `routeledger serve` command line with `--port 0`) with `environment`
    /// and waits until it listens; `adminKey` is the one its configuration names, if any.
    init(arguments: [String], environment: [String: String], adminKey: String? = nil) async throws {
        server = try await ChildProcess(arguments, environment: environment)
        let line = await server.firstLine()
        guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) else {
            try await server.stop()
            throw BenchError("the server did not start: \(line)")
        }
        self.address = String(address)
        self.adminKey = adminKey
    }

    /// The server's process id (for the CPU it spends).
    var processIdentifier: Int32 { server.processIdentifier }

    /// `host:port` of ``address``.
    var hostAndPort: String { String(address.dropFirst("http://".count)) }

    /// Stops the server (SIGTERM: it drains and closes the ledger) and waits for it; how it ended.
    @discardableResult
    func stop() async throws -> Termination { try await server.stop() }

    /// `body`'s result, after which the server is stopped as by ``stop()``, whether `body` returned or threw.
    func whileServing<T>(_ body: () async throws -> T) async throws -> T {
        try await server.whileRunning(body)
    }

    /// `GET path` with `headers` added.
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Answer {
        var request = HTTPClientRequest(url: address + path)
        request.headers.add(contentsOf: headers)
        return try await send(request, path: path)
    }

    /// `POST path` with a JSON body.
    func post(_ path: String, json: String) async throws -> Answer {
        try await post(path, body: json, contentType: "application/json")
    }

    /// `POST path` with a form body (`application/x-www-form-urlencoded`), as a browser sends a form.
    func post(_ path: String, form: String) async throws -> Answer {
        try await post(path, body: form, contentType: "application/x-www-form-urlencoded")
    }

    /// `GET path` `times` times one after another, each answer a 200; their latency percentiles.
    func time(_ path: String, times: Int) async throws -> AnalyticsBenchmark.Percentiles {
        var durations: [Duration] = []
        durations.reserveCapacity(times)
        for _ in 0..<times {
            durations.append(try await ok(get(path), path).duration)
        }
        return AnalyticsBenchmark.Percentiles(durations)
    }

    /// `answer`, or an error naming `what` when it is not a 200.
    func ok(_ answer: Answer, _ what: String) throws -> Answer {
        guard answer.status == 200 else {
            let location = answer.headers.first(name: "location").map { " (to \($0))" } ?? ""
            throw BenchError("\(what) answered \(answer.status)\(location): \(String(buffer: answer.body).prefix(300))")
        }
        return answer
    }

    /// Polls `/stats` until it counts `calls` calls: the server's projection caught up with the ledger.
    func waitForStats(calls: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(3_600)
        while true {
            let stats = try await ok(get("/stats"), "GET /stats").json()
            if stats["total_calls"] as? Int == calls { return }
            guard ContinuousClock.now < deadline else {
                throw BenchError("/stats still counts \(stats["total_calls"] ?? "nothing") of \(calls) calls after an hour")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The first record of the `/stats/raw` page at `path` (e.g. `/stats/raw?limit=1&offset=10`).
    func rawRecord(_ path: String) async throws -> [String: Any] {
        let page = try await ok(get(path), "GET \(path)").json()
        guard let record = (page["records"] as? [[String: Any]])?.first else {
            throw BenchError("GET \(path) has no record")
        }
        return record
    }

    private func post(_ path: String, body: String, contentType: String) async throws -> Answer {
        var request = HTTPClientRequest(url: address + path)
        request.method = .POST
        request.headers.add(name: "content-type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        return try await send(request, path: path)
    }

    private func send(_ request: HTTPClientRequest, path: String) async throws -> Answer {
        var request = request
        if let adminKey, !path.hasPrefix("/console") { request.headers.add(name: "authorization", value: "Bearer \(adminKey)") }
        let start = ContinuousClock.now
        let response = try await Self.client.execute(request, timeout: .seconds(600))
        let body = try await response.body.collect(upTo: 256 << 20)
        return Answer(
            status: Int(response.status.code), headers: response.headers, body: body, duration: ContinuousClock.now - start)
    }
}
