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
        /// With `--anthropic`: the same request by model name through an OpenAI-kind and an
        /// Anthropic-kind provider on the same nginx, at 1 connection.
        var anthropic: ProviderKindComparison?
        /// With `--limits`: a virtual key with budgets and rate limits against an environment key.
        var limits: GatewayLimitsComparison.Result?
    }

    /// The gateway's added latency through each provider kind, measured in alternating rounds.
    struct ProviderKindComparison: Codable {
        var rounds: Int
        /// nginx's fixed Anthropic message, called directly.
        var anthropicUpstream: WrkRun.Figures
        /// Per round, through the gateway to the OpenAI-kind provider and to the Anthropic-kind one.
        var openAIRounds: [WrkRun.Figures]
        var anthropicRounds: [WrkRun.Figures]
        /// Mean over the rounds of (gateway p50 − that upstream's direct p50).
        var openAIAddedP50Milliseconds: Double
        var anthropicAddedP50Milliseconds: Double
        var openAIAddedP99Milliseconds: Double
        var anthropicAddedP99Milliseconds: Double
        /// anthropicAddedP50 − openAIAddedP50: what the translation costs (target ≤ 0.1 ms).
        var translationOverheadP50Milliseconds: Double
    }

    var seconds: Int
    var connections: Int
    var directory: URL
    /// Also measure an Anthropic-kind provider beside the OpenAI-kind one.
    var compareAnthropic = false
    /// Also measure keys, budgets and rate limits on against off.
    var compareLimits = false
    /// Alternating rounds of the provider-kind comparison.
    var comparisonRounds = 3

    /// The fixed Anthropic Messages answer, the same text and token counts as ``upstreamAnswer``.
    static let anthropicAnswer = """
        {"id":"msg_bench","type":"message","role":"assistant","model":"bench-upstream",        "content":[{"type":"text","text":"The sea is calm tonight. The tide is full, the moon lies fair upon the straits."}],        "stop_reason":"end_turn","stop_sequence":null,        "usage":{"input_tokens":42,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":21}}
        """

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
        let nginx = try await startNginx(port: upstreamPort)
        return try await nginx.whileRunning(stoppingWith: SIGKILL) {
            let script = directory.appendingPathComponent("request.lua")
            try Data(Self.luaScript.utf8).write(to: script)
            let upstreamURL = "http://127.0.0.1:\(upstreamPort)/v1/chat/completions"
            // nginx takes a moment to listen.
            try await WrkRun.waitUntilServing(upstreamURL, script: script)

            let ledgerPath = directory.appendingPathComponent("bench.sqlite").path
            let configPath = directory.appendingPathComponent("gateway.yaml")
            try Data(Self.gatewayConfig(upstreamPort: upstreamPort).utf8).write(to: configPath)
            let executable = try BuiltExecutable.named("routeledger").path
            let gateway = try await ChildProcess(
                [executable, "serve", "--config", configPath.path, "--port", "0", "--ledger", ledgerPath],
                environment: ["LOG_LEVEL": "error"])
            return try await gateway.whileRunning {
                let line = await gateway.firstLine()
                guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) else {
                    throw BenchError("the gateway did not start: \(line)")
                }
                let gatewayURL = "\(address)/v1/chat/completions"

                func wrk(_ url: String, connections: Int, seconds: Int) async throws -> WrkRun.Figures {
                    try await WrkRun(url: url, connections: connections, threads: connections == 1 ? 1 : 2, seconds: seconds, script: script).run()
                }
                progress("warming up the gateway (2 s, \(connections) connections)")
                let warmUp = try await wrk(gatewayURL, connections: connections, seconds: 2)
                progress("upstream directly, 1 connection, \(seconds) s")
                let upstreamOne = try await wrk(upstreamURL, connections: 1, seconds: seconds)
                progress("through the gateway, 1 connection, \(seconds) s")
                let gatewayOne = try await wrk(gatewayURL, connections: 1, seconds: seconds)
                progress("upstream directly, \(connections) connections, \(seconds) s")
                let upstreamMany = try await wrk(upstreamURL, connections: connections, seconds: seconds)
                progress("through the gateway, \(connections) connections, \(seconds) s")
                let gatewayMany = try await wrk(gatewayURL, connections: connections, seconds: seconds)

                var comparison: ProviderKindComparison?
                if compareAnthropic {
                    comparison = try await compareKinds(gatewayAddress: String(address), upstreamPort: upstreamPort, progress: progress)
                }
                let memory = gateway.memory()
                let termination = try await gateway.stop()
                guard termination == .exited(0) else { throw BenchError("the gateway ended with \(termination)") }

                let recorded = try await Self.requestsRecorded(ledgerPath)
                let sent = warmUp.requests + gatewayOne.requests + gatewayMany.requests
                    + (comparison.map { ($0.openAIRounds + $0.anthropicRounds).reduce(0) { $0 + $1.requests } } ?? 0)
                return Result(
                    seconds: seconds, connections: connections, upstreamOneConnection: upstreamOne,
                    gatewayOneConnection: gatewayOne, upstreamMany: upstreamMany, gatewayMany: gatewayMany,
                    addedP50Milliseconds: gatewayOne.p50Milliseconds - upstreamOne.p50Milliseconds,
                    addedP99Milliseconds: gatewayOne.p99Milliseconds - upstreamOne.p99Milliseconds,
                    gatewayPeakRSSBytes: memory.peak, gatewayRSSAfterBytes: memory.current,
                    requestsRecorded: recorded, requestsSent: sent, anthropic: comparison,
                    limits: try await compareLimits
                        ? GatewayLimitsComparison(
                            seconds: seconds, connections: connections, rounds: comparisonRounds, directory: directory,
                            upstreamPort: upstreamPort
                        ).run(progress: progress) : nil)
            }
        }
    }

    /// The same named-model request through the OpenAI-kind and the Anthropic-kind provider, in
    /// alternating rounds at 1 connection, against each upstream called directly.
    private func compareKinds(gatewayAddress: String, upstreamPort: Int, progress: (String) -> Void) async throws -> ProviderKindComparison {
        func script(_ name: String, model: String) throws -> URL {
            let url = directory.appendingPathComponent(name)
            try Data(Self.luaScript(model: model).utf8).write(to: url)
            return url
        }
        let openAIScript = try script("request-openai.lua", model: "large")
        let anthropicScript = try script("request-anthropic.lua", model: "claude-bench")
        func wrk(_ url: String, _ script: URL) async throws -> WrkRun.Figures {
            try await WrkRun(url: url, connections: 1, threads: 1, seconds: seconds, script: script).run()
        }
        let gatewayURL = "\(gatewayAddress)/v1/chat/completions"
        progress("provider kinds: warming up the Anthropic path (2 s)")
        _ = try await WrkRun(url: gatewayURL, connections: 1, threads: 1, seconds: 2, script: anthropicScript).run()
        progress("provider kinds: OpenAI upstream directly, \(seconds) s")
        let openAIUpstream = try await wrk("http://127.0.0.1:\(upstreamPort)/v1/chat/completions", openAIScript)
        progress("provider kinds: Anthropic upstream directly, \(seconds) s")
        let anthropicUpstream = try await wrk("http://127.0.0.1:\(upstreamPort)/v1/messages", anthropicScript)
        var openAIRounds: [WrkRun.Figures] = []
        var anthropicRounds: [WrkRun.Figures] = []
        for round in 1...comparisonRounds {
            progress("provider kinds: round \(round) of \(comparisonRounds), through the OpenAI-kind provider")
            openAIRounds.append(try await wrk(gatewayURL, openAIScript))
            progress("provider kinds: round \(round) of \(comparisonRounds), through the Anthropic-kind provider")
            anthropicRounds.append(try await wrk(gatewayURL, anthropicScript))
        }
        func mean(_ runs: [WrkRun.Figures], _ value: (WrkRun.Figures) -> Double) -> Double {
            runs.map(value).reduce(0, +) / Double(runs.count)
        }
        let openAIAdded = mean(openAIRounds, \.p50Milliseconds) - openAIUpstream.p50Milliseconds
        let anthropicAdded = mean(anthropicRounds, \.p50Milliseconds) - anthropicUpstream.p50Milliseconds
        return ProviderKindComparison(
            rounds: comparisonRounds, anthropicUpstream: anthropicUpstream, openAIRounds: openAIRounds,
            anthropicRounds: anthropicRounds, openAIAddedP50Milliseconds: openAIAdded,
            anthropicAddedP50Milliseconds: anthropicAdded,
            openAIAddedP99Milliseconds: mean(openAIRounds, \.p99Milliseconds) - openAIUpstream.p99Milliseconds,
            anthropicAddedP99Milliseconds: mean(anthropicRounds, \.p99Milliseconds) - anthropicUpstream.p99Milliseconds,
            translationOverheadP50Milliseconds: anthropicAdded - openAIAdded)
    }

    /// nginx with one worker answering every request with ``upstreamAnswer`` (and `/v1/messages`
    /// with ``anthropicAnswer``).
    private func startNginx(port: Int) async throws -> ChildProcess {
        try await Nginx.start(
            servers: Nginx.fixedAnswers(port: port, ["/v1/messages": Self.anthropicAnswer, "/": Self.upstreamAnswer]),
            name: "nginx", in: directory)
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

    static var luaScript: String { luaScript(body: request) }

    /// A wrk script posting ``request`` with `model` instead of `auto`.
    private static func luaScript(model: String) -> String {
        luaScript(body: request.replacingOccurrences(of: #""model":"auto""#, with: #""model":"\#(model)""#))
    }

    static func luaScript(body request: String) -> String {
        let body = request.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = "\(body)"
            """
    }

    /// One OpenAI-kind provider (nginx) serving every tier, and an Anthropic-kind one (the same nginx,
    /// `/v1/messages`) serving `claude-bench`, which only a request naming it reaches; no retries,
    /// so each request is one call.
    static func gatewayConfig(upstreamPort: Int) -> String {
        """
        providers:
          - {name: bench, kind: openai, base_url: "http://127.0.0.1:\(upstreamPort)/v1", timeout_ms: 10000}
          - {name: bench-anthropic, kind: anthropic, base_url: "http://127.0.0.1:\(upstreamPort)/v1", timeout_ms: 10000}
        models:
          - {name: small, provider: bench, tier: simple, input_price_per_1k: 0.00015, output_price_per_1k: 0.0006}
          - {name: medium, provider: bench, tier: medium, input_price_per_1k: 0.0004, output_price_per_1k: 0.0016}
          - {name: large, provider: bench, tier: complex, input_price_per_1k: 0.0025, output_price_per_1k: 0.01}
          - {name: claude-bench, provider: bench-anthropic, upstream_model: bench-upstream, tier: complex, input_price_per_1k: 0.0025, output_price_per_1k: 0.01}
        routing:
          retries: {count: 0}
        """
    }
}
