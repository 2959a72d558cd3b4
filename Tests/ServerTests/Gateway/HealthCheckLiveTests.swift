import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import NIOCore
import Router
import Testing

@testable import Server

/// Active health checks on the live gateway: background probes feed the breakers, show in
/// `/status`, `/metrics` and the console, are never traffic, and each breaker move is in the
/// ledger; plus **Test connection** over the admin API.
@Suite struct HealthCheckLiveTests {
    /// `claude` (anthropic, probed with `GET /models` every 100 ms) serves `claude-sonnet`, whose
    /// group falls back to `fast` on the OpenAI stub; `healthCheck` replaces claude's check.
    private func config(
        anthropicPort: Int, openAIPort: Int,
        healthCheck: String = "{interval_ms: 100, timeout_ms: 3000, kind: models}",
        openAIHealthCheck: String = "", extraProviders: String = "", extraModels: String = ""
    ) throws -> RouteledgerConfig {
        try RouteledgerConfig.parse(yaml: """
            providers:
              - {name: claude, kind: anthropic, base_url: "http://127.0.0.1:\(anthropicPort)/v1", api_key_env: ANTHROPIC_STUB_KEY, timeout_ms: 2000, health_check: \(healthCheck)}
              - {name: openai-fast, kind: openai, base_url: "http://127.0.0.1:\(openAIPort)/v1", timeout_ms: 2000\(openAIHealthCheck)}
            \(extraProviders)
            models:
              - {name: claude-sonnet, provider: claude, upstream_model: claude-stub, tier: complex, group: quality, input_price_per_1k: 0.003, output_price_per_1k: 0.015}
              - {name: fast-model, provider: openai-fast, upstream_model: upstream-a, tier: simple, group: fast, input_price_per_1k: 0.0001, output_price_per_1k: 0.0002}
              - {name: mid-model, provider: openai-fast, upstream_model: upstream-m, tier: medium, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
            \(extraModels)
            fallbacks: {quality: [fast]}
            routing:
              retries: {count: 0, backoff_ms: 0}
              breaker: {failure_threshold: 5, cooldown_ms: 10000}
            """, file: "health.yaml")
    }

    private func providerStatus(_ client: some TestClientProtocol, _ name: String) async throws -> [String: Any] {
        let status = try await client.execute(uri: "/status", method: .get)
        let providers = try #require(try status.json["providers"] as? [[String: Any]])
        return try #require(providers.first { $0["name"] as? String == name })
    }

    /// Reads `name`'s `/status` entry until `holds` is true of it; fails after 10 s.
    private func waitForStatus(
        _ client: some TestClientProtocol, _ name: String, _ holds: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let status = try await providerStatus(client, name)
            if holds(status) { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(name)'s status never met the condition: \(try await providerStatus(client, name))")
        return try await providerStatus(client, name)
    }

    private static func lastProbe(_ status: [String: Any]) -> [String: Any]? {
        (status["health_check"] as? [String: Any])?["last_probe"] as? [String: Any]
    }

    @Test func aFailingProbeOpensTheBreakerAPassingOneClosesItAfterTheCooldownAndTheLedgerSaysWhy() async throws {
        let anthropic = AnthropicStub()
        anthropic.setModelsStatus(500)
        let openAI = UpstreamStub()
        let clock = ManualClock()
        try await anthropic.run { anthropicPort in
            try await openAI.run { openAIPort in
                var harness = GatewayHarness(
                    config: try config(anthropicPort: anthropicPort, openAIPort: openAIPort),
                    environment: ["ANTHROPIC_STUB_KEY": AnthropicStub.apiKey])
                harness.breakerClock = { clock.now }
                defer { harness.removeLedger() }
                try await harness.run { [harness] client in
                    // The first probe fails: the breaker opens at once, without any traffic.
                    var claude = try await waitForStatus(client, "claude") { $0["breaker"] as? String == "open" }
                    let failedProbe = try #require(Self.lastProbe(claude))
                    #expect(failedProbe["passed"] as? Bool == false)
                    #expect(failedProbe["status"] as? String == "status 500")
                    #expect((claude["health_check"] as? [String: Any])?["kind"] as? String == "models")

                    // A request for claude-sonnet skips claude and says why.
                    let response = try await client.chatCompletion(#"{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}]}"#)
                    #expect(response.status == .ok)
                    #expect((try response.json["routing"] as? [String: Any])?["provider"] as? String == "openai-fast")
                    let events = try await harness.events(of: try #require(response.headers[.requestID]))
                    #expect(events.map(\.type) == [.requestReceived, .routingDecided, .upstreamSkipped, .completionSucceeded])
                    if case .upstreamSkipped(let skip) = events[2] {
                        #expect(skip.provider == "claude" && skip.reason == "circuit_open")
                        #expect(skip.breakerCause == "probe" && skip.errorClass == "status 500")
                        #expect(skip.message?.contains("models unavailable") == true)
                    }
                    #expect(!anthropic.received.contains { $0.path == "/v1/messages" })
                    // The console's request page puts the skip on the attempt timeline, with why.
                    let requestPage = String(buffer: try await client.execute(
                        uri: "/console/requests/\(try #require(response.headers[.requestID]))", method: .get).body)
                    #expect(requestPage.contains(#"data-outcome="skipped" data-provider="claude" data-model="claude-sonnet""#))
                    #expect(requestPage.contains("circuit open since"))
                    #expect(requestPage.contains("(probe: status 500: api_error: models unavailable)"))

                    // Probes pass again, but one good probe does not cut the cooldown short.
                    anthropic.setModelsStatus(200)
                    claude = try await waitForStatus(client, "claude") { Self.lastProbe($0)?["passed"] as? Bool == true }
                    #expect(claude["breaker"] as? String == "open")
                    // Once the cooldown is over, the next passing probe closes it.
                    clock.advance(by: .seconds(10))
                    claude = try await waitForStatus(client, "claude") { $0["breaker"] as? String == "closed" }

                    // Each move is a provider.breaker_changed event, caused by a probe.
                    let moves = try #require(try await harness.eventuallyInLedger { events -> [ProviderBreakerChanged]? in
                        let moves = events.compactMap { event -> ProviderBreakerChanged? in
                            if case .providerBreakerChanged(let change) = event { change } else { nil }
                        }
                        return moves.count >= 2 ? moves : nil
                    })
                    #expect(moves.map { "\($0.provider) \($0.from)→\($0.to) \($0.cause.rawValue)" }
                        == ["claude closed→open probe", "claude open→closed probe"])
                    #expect(moves.first?.errorClass == "status 500")
                    // The skip named the move that opened the breaker.
                    let opened = try await harness.storedEvents(ofType: .providerBreakerChanged).first?.eventID
                    if case .upstreamSkipped(let skip) = events[2] {
                        #expect(skip.breakerEventID == opened?.uuidString.lowercased())
                    }

                    // Probes are not traffic: the stats hold the one request.
                    let stats = try await client.execute(uri: "/stats", method: .get)
                    #expect(try stats.json["total_calls"] as? Int == 1)
                    let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                    #expect(MetricsLiveTests.sample(metrics, #"routeledger_provider_up{provider="claude"}"#) == 1)
                    #expect((MetricsLiveTests.sample(metrics, #"routeledger_health_probes_total{provider="claude",result="fail"}"#) ?? 0) >= 1)
                    #expect((MetricsLiveTests.sample(metrics, #"routeledger_health_probes_total{provider="claude",result="pass"}"#) ?? 0) >= 2)
                    let probedAt = try #require(MetricsLiveTests.sample(metrics, #"routeledger_health_probe_timestamp_seconds{provider="claude"}"#))
                    #expect(abs(probedAt - Date().timeIntervalSince1970) < 60)
                    // The console shows the latest probe.
                    let page = String(buffer: try await client.execute(uri: "/console/providers", method: .get).body)
                    #expect(page.contains("models every 100 ms: passed"))
                }
                // Never more often than configured: each probe starts at least interval_ms after the
                // one before it started (it waits that long after the previous one ended).
                let probes = anthropic.received.filter { $0.path == "/v1/models" }.map(\.at)
                #expect(probes.count >= 3)
                for (earlier, later) in zip(probes, probes.dropFirst()) {
                    #expect(later - earlier >= .milliseconds(100))
                }
            }
        }
    }

    @Test func aCompletionProbeAsksTheNamedModelForOneTokenAndIsNotRecordedAsARequest() async throws {
        let anthropic = AnthropicStub()
        let openAI = UpstreamStub()
        try await anthropic.run { anthropicPort in
            try await openAI.run { openAIPort in
                let harness = GatewayHarness(
                    config: try config(
                        anthropicPort: anthropicPort, openAIPort: openAIPort,
                        healthCheck: "{interval_ms: 100, kind: completion, model: claude-sonnet}",
                        openAIHealthCheck: ", health_check: {interval_ms: 60000, kind: completion}"),
                    environment: ["ANTHROPIC_STUB_KEY": AnthropicStub.apiKey])
                defer { harness.removeLedger() }
                try await harness.run { client in
                    let claude = try await waitForStatus(client, "claude") { Self.lastProbe($0)?["passed"] as? Bool == true }
                    #expect((claude["health_check"] as? [String: Any])?["kind"] as? String == "completion")
                    let probe = try #require(anthropic.received.first { $0.path == "/v1/messages" }?.body)
                    #expect(probe["model"] as? String == "claude-stub")
                    #expect(probe["max_tokens"] as? Int == 1)
                    // With no model named, openai-fast's probe asks its first chat model.
                    _ = try await waitForStatus(client, "openai-fast") { Self.lastProbe($0)?["passed"] as? Bool == true }
                    #expect(openAI.received.first?.model == "upstream-a")
                    #expect(openAI.received.first?.body?["max_tokens"] as? Int == 1)
                    let stats = try await client.execute(uri: "/stats", method: .get)
                    #expect(try stats.json["total_calls"] as? Int == 0)
                }
                let types = try await harness.allEvents().map(\.type)
                #expect(types == [.configApplied])
            }
        }
    }

    @Test func testConnectionOverTheAdminAPIAnswersStatusLatencyAndTheModelThatAnswered() async throws {
        let anthropic = AnthropicStub()
        let openAI = UpstreamStub()
        try await anthropic.run { anthropicPort in
            try await openAI.run { openAIPort in
                let harness = GatewayHarness(
                    config: try config(
                        anthropicPort: anthropicPort, openAIPort: openAIPort, healthCheck: "null",
                        extraProviders: #"  - {name: nowhere, kind: openai, base_url: "http://127.0.0.1:1/v1", api_key_env: NOWHERE_KEY, timeout_ms: 1000}"#,
                        extraModels: "  - {name: nowhere-model, provider: nowhere, tier: simple, input_price_per_1k: 0, output_price_per_1k: 0}"),
                    environment: ["ANTHROPIC_STUB_KEY": AnthropicStub.apiKey, "NOWHERE_KEY": "sk-never-echoed"])
                defer { harness.removeLedger() }
                try await harness.run { client in
                    let ok = try await client.execute(uri: "/admin/providers/claude/test", method: .post)
                    #expect(ok.status == .ok)
                    let answer = try ok.json
                    #expect(answer["ok"] as? Bool == true)
                    #expect(answer["status"] as? String == "200")
                    #expect(answer["model"] as? String == "claude-sonnet")
                    #expect(answer["answered_by"] as? String == "claude-stub")
                    #expect((answer["latency_ms"] as? Double ?? -1) >= 0)

                    let named = try await client.execute(
                        uri: "/admin/providers/openai-fast/test", method: .post, body: ByteBuffer(string: #"{"model":"mid-model"}"#))
                    #expect(try named.json["model"] as? String == "mid-model")
                    #expect(openAI.received.last?.model == "upstream-m")

                    let dead = try await client.execute(uri: "/admin/providers/nowhere/test", method: .post)
                    #expect(dead.status == .ok)
                    let failure = try dead.json
                    #expect(failure["ok"] as? Bool == false)
                    #expect(failure["status"] as? String == "connection")
                    #expect(!String(buffer: dead.body).contains("sk-never-echoed"))

                    let unknown = try await client.execute(uri: "/admin/providers/ghost/test", method: .post)
                    #expect(unknown.status == .notFound)
                    #expect(try unknown.openAIError["code"] as? String == "provider_not_found")
                    let wrongModel = try await client.execute(uri: "/admin/providers/claude/test?model=fast-model", method: .post)
                    #expect(wrongModel.status == .badRequest)
                    #expect(try wrongModel.openAIError["param"] as? String == "model")
                    let badBody = try await client.execute(uri: "/admin/providers/claude/test", method: .post, body: ByteBuffer(string: "{nope"))
                    #expect(badBody.status == .badRequest)
                }
                // Tests are not traffic.
                #expect(try await harness.allEvents().map(\.type) == [.configApplied])
            }
        }
    }
}
