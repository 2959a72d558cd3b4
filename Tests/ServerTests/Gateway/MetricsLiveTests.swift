import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

/// `GET /metrics`: Prometheus text fed from the recorded events, with bounded labels.
@Suite struct MetricsLiveTests {
    /// The value of the sample whose name and labels are exactly `series`.
    /// The value of `series` (name and labels) in a Prometheus text exposition.
    static func sample(_ exposition: String, _ series: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func countsRequestsTokensCostLatencyAndFailuresPerModel() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-c")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                for _ in 0..<2 { #expect(try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt).status == .ok) }
                let streamed = #"{"model":"model-a","messages":[{"role":"user","content":"Hi"}],"stream":true}"#
                #expect(try await client.chatCompletion(streamed).status == .ok)
                #expect(try await client.chatCompletion(#"{"model":"model-c","messages":[{"role":"user","content":"x"}]}"#).status == .badGateway)
                // A client-chosen name that is not in the catalog never becomes a label.
                #expect(try await client.chatCompletion(#"{"model":"made-up-model","messages":[{"role":"user","content":"x"}]}"#).status == .notFound)

                let response = try await client.execute(uri: "/metrics", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(Self.sample(text, #"routeledger_requests_total{model="model-a"}"#) == 3)
                #expect(Self.sample(text, #"routeledger_requests_total{model="model-b"}"#) == 0)
                #expect(Self.sample(text, #"routeledger_tokens_total{model="model-a",kind="input"}"#) == Double(3 * UpstreamStub.promptTokens))
                #expect(Self.sample(text, #"routeledger_tokens_total{model="model-a",kind="output"}"#) == Double(3 * UpstreamStub.completionTokens))
                let cost = try #require(Self.sample(text, #"routeledger_cost_usd_total{model="model-a"}"#))
                #expect(abs(cost - 3 * (11.0 / 1_000 * 0.001 + 5.0 / 1_000 * 0.002)) < 1e-12)
                #expect(Self.sample(text, #"routeledger_request_duration_seconds_count{model="model-a"}"#) == 3)
                #expect(Self.sample(text, #"routeledger_time_to_first_token_seconds_count{model="model-a"}"#) == 1)
                #expect(Self.sample(text, #"routeledger_requests_failed_total{status="502"}"#) == 1)
                #expect(Self.sample(text, #"routeledger_upstream_failures_total{provider="primary",error_class="status"}"#) == 2)
                #expect(Self.sample(text, #"routeledger_routing_decisions_total{strategy="complexity",tier="simple"}"#) == 2)
                #expect(Self.sample(text, #"routeledger_routing_decisions_total{strategy="user-specified",tier="simple"}"#) == 1)
                #expect(!text.contains("made-up-model"))
            }
        }
    }

    @Test func needsTheAdminKeyWhenKeysAreConfigured() async throws {
        let config = try GatewayHarness.stubConfig(
            port: 9, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}")
        let harness = GatewayHarness(config: config, environment: ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret"])
        defer { harness.removeLedger() }
        try await harness.run { client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            let asClient = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer client-secret"])
            #expect(asClient.status == .forbidden)
            let asAdmin = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer admin-secret"])
            #expect(asAdmin.status == .ok)
            #expect(String(buffer: asAdmin.body).contains("routeledger_requests_total"))
        }
    }
}
