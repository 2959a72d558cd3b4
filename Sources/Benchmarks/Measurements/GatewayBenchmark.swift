import CommandLineHarness
import DomainEvents
import Foundation
import Ledger

/// `routeledger-bench gateway`: the gateway's added latency, throughput and memory, measured with
/// wrk against nginx serving a fixed OpenAI completion, called directly and through the gateway.
///
/// Everything runs as separate processes on this machine: nginx (one worker), `routeledger serve`
/// (the executable beside this one, its own configuration and ledger in a temporary folder) and wrk.
struct GatewayBenchmark {
    struct Result: Codable {
        var seconds: Int
        var connections: Int
        var upstreamOneConnection: WrkRun.Figures
        var gatewayOneConnection: WrkRun.Figures
        var upstreamMany: WrkRun.Figures
        var gatewayMany: WrkRun.Figures
        /// Gateway p50 minus upstream p50, and the same for p99 (differences of percentiles).
        var addedP50Milliseconds: Double
        var addedP99Milliseconds: Double
        var gatewayPeakRSSBytes: Int
        var gatewayRSSAfterBytes: Int
        /// Requests the ledger holds (request.received events) against the answers wrk counted,
        /// warm-up included (wrk does not count the answers still in flight when a run ends).
        var requestsRecorded: Int
        var requestsSent: Int
    }

    var seconds: Int
    var connections: Int
    var directory: URL

    /// The fixed upstream answer, shaped like a real completion.
    static let upstreamAnswer = """
        {"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-upstream",\
        "system_fingerprint":"fp_bench","choices":[{"index":0,"message":{"role":"assistant","content":\
        "The sea is calm tonight. The tide is full, the moon lies fair upon the straits."},\
        "logprobs":null,"finish_reason":"stop"}],\
        "usage":{"prompt_tokens":42,"completion_tokens":21,"total_tokens":63}}
        """

    /// The request every run sends: routed by the default (complexity) strategy.
    static let request = """
        {"model":"auto","messages":[{"role":"system","content":"You are a helpful assistant."},\
        {"role":"user","content":"Summarise in two sentences why the tide rises and falls twice a day, \
        and mention the role of the moon."}],"temperature":0.3,"max_tokens":200}
        """

    func run(log progress: (String) -> Void) async throws -> Result {
        let upstreamPort = try FreePort.pick()
        let nginx = try startNginx(port: upstreamPort)
        defer { nginx.stop(signal: SIGKILL) }
        let script = directory.appendingPathComponent("request.lua")
        try Data(Self.luaScript.utf8).write(to: script)
        let upstreamURL = "http://127.0.0.1:\(upstreamPort)/v1/chat/completions"
        // nginx takes a moment to listen.
        try waitUntilServing(upstreamURL, script: script)

        let ledgerPath = directory.appendingPathComponent("bench.sqlite").path
        let configPath = directory.appendingPathComponent("gateway.yaml")
        try Data(Self.gatewayConfig(upstreamPort: upstreamPort).utf8).write(to: configPath)
        let executable = try BuiltExecutable.named("routeledger").path
        let gateway = try ChildProcess(
            [executable, "serve", "--config", configPath.path, "--port", "0", "--ledger", ledgerPath],
            environment: ["LOG_LEVEL": "error"])
        defer { gateway.stop() }
        let line = gateway.firstLine()
        guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) else {
            throw BenchError("the gateway did not start: \(line)")
        }
        let gatewayURL = "\(address)/v1/chat/completions"

        func wrk(_ url: String, connections: Int, seconds: Int) throws -> WrkRun.Figures {
            try WrkRun(url: url, connections: connections, threads: connections == 1 ? 1 : 2, seconds: seconds, script: script).run()
        }
        progress("warming up the gateway (2 s, \(connections) connections)")
        let warmUp = try wrk(gatewayURL, connections: connections, seconds: 2)
        progress("upstream directly, 1 connection, \(seconds) s")
        let upstreamOne = try wrk(upstreamURL, connections: 1, seconds: seconds)
        progress("through the gateway, 1 connection, \(seconds) s")
        let gatewayOne = try wrk(gatewayURL, connections: 1, seconds: seconds)
        progress("upstream directly, \(connections) connections, \(seconds) s")
        let upstreamMany = try wrk(upstreamURL, connections: connections, seconds: seconds)
        progress("through the gateway, \(connections) connections, \(seconds) s")
        let gatewayMany = try wrk(gatewayURL, connections: connections, seconds: seconds)
        let memory = gateway.memory()
        let status = gateway.stop()
        guard status == 0 else { throw BenchError("the gateway exited with status \(status)") }

        let recorded = try await Self.requestsRecorded(ledgerPath)
        let sent = warmUp.requests + gatewayOne.requests + gatewayMany.requests
        return Result(
            seconds: seconds, connections: connections, upstreamOneConnection: upstreamOne,
            gatewayOneConnection: gatewayOne, upstreamMany: upstreamMany, gatewayMany: gatewayMany,
            addedP50Milliseconds: gatewayOne.p50Milliseconds - upstreamOne.p50Milliseconds,
            addedP99Milliseconds: gatewayOne.p99Milliseconds - upstreamOne.p99Milliseconds,
            gatewayPeakRSSBytes: memory.peak, gatewayRSSAfterBytes: memory.current,
            requestsRecorded: recorded, requestsSent: sent)
    }

    /// nginx with one worker answering every request with ``upstreamAnswer``.
    private func startNginx(port: Int) throws -> ChildProcess {
        let body = Self.upstreamAnswer.replacingOccurrences(of: "'", with: "\\'")
        let config = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory.path)/nginx.pid;
            error_log \(directory.path)/nginx-error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path \(directory.path)/nginx-body;
                client_body_buffer_size 64k;
                keepalive_requests 1000000;
                server {
                    listen 127.0.0.1:\(port) reuseport;
                    location / {
                        default_type application/json;
                        return 200 '\(body)';
                    }
                }
            }
            """
        let path = directory.appendingPathComponent("nginx.conf")
        try Data(config.utf8).write(to: path)
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") || which("nginx") else {
            throw BenchError("nginx is not installed (make bench-gateway installs it with wrk)")
        }
        guard which("wrk") else { throw BenchError("wrk is not installed (make bench-gateway installs it with nginx)") }
        let nginx = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
        return try ChildProcess([nginx, "-p", directory.path, "-c", path.path])
    }

    /// Polls `url` with one short wrk run until it answers (at most about 5 s).
    private func waitUntilServing(_ url: String, script: URL) throws {
        for _ in 0..<50 {
            if let figures = try? WrkRun(url: url, connections: 1, threads: 1, seconds: 1, script: script).run(),
                figures.requests > 0, figures.errors == 0
            {
                return
            }
            usleep(100_000)
        }
        throw BenchError("nginx did not answer on \(url)")
    }

    private func which(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

    /// The requests the ledger recorded: its `request.received` events.
    private static func requestsRecorded(_ path: String) async throws -> Int {
        var options = LedgerOptions()
        options.store.readOnly = true
        options.store.createIfMissing = false
        options.autoTrainAfterEvents = 0
        let ledger = try Ledger(path: path, options: options)
        var count = 0
        do {
            var after: Int64 = 0
            while true {
                let page = try await ledger.events(after: after, limit: 10_000)
                guard let last = page.last else { break }
                count += page.filter { $0.type == .requestReceived }.count
                after = last.seq
            }
        } catch {
            await ledger.close()
            throw error
        }
        await ledger.close()
        return count
    }

    private static var luaScript: String {
        let body = request.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = "\(body)"
            """
    }

    /// One OpenAI-kind provider (nginx) serving every tier; no retries, so each request is one call.
    private static func gatewayConfig(upstreamPort: Int) -> String {
        """
        providers:
          - {name: bench, kind: openai, base_url: "http://127.0.0.1:\(upstreamPort)/v1", timeout_ms: 10000}
        models:
          - {name: small, provider: bench, tier: simple, input_price_per_1k: 0.00015, output_price_per_1k: 0.0006}
          - {name: medium, provider: bench, tier: medium, input_price_per_1k: 0.0004, output_price_per_1k: 0.0016}
          - {name: large, provider: bench, tier: complex, input_price_per_1k: 0.0025, output_price_per_1k: 0.01}
        routing:
          retries: {count: 0}
        """
    }
}
