import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing
@testable import Server

/// `GET /stats` on the live gateway: the traffic it just served, filters, bad filters, admin key
/// (for `/stats/raw` too).
@Suite struct StatsLiveTests {
    @Test func countsWhatTheGatewayServedAndFilters() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-c")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                for _ in 0..<3 { #expect(try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt).status == .ok) }
                #expect(try await client.chatCompletion(#"{"model":"model-b","messages":[{"role":"user","content":"x"}]}"#).status == .ok)
                #expect(try await client.chatCompletion(#"{"model":"model-c","messages":[{"role":"user","content":"x"}]}"#).status == .badGateway)

                let response = try await client.execute(uri: "/stats", method: .get)
                #expect(response.status == .ok)
                let stats = try response.json
                #expect(stats["total_calls"] as? Int == 4)
                #expect(stats["failed_calls"] as? Int == 1)
                #expect(stats["model_distribution"] as? [String: Int] == ["model-a": 3, "model-b": 1])
                #expect(stats["tier_distribution"] as? [String: Int] == ["simple": 4])
                #expect(stats["input_tokens"] as? Int == 4 * UpstreamStub.promptTokens)
                let cost = 3 * (11.0 / 1_000 * 0.001 + 5.0 / 1_000 * 0.002) + (11.0 / 1_000 * 0.0005 + 5.0 / 1_000 * 0.001)
                #expect(stats["total_cost_usd"] as? Double == DecimalRounding.round(cost, places: 6))

                let modelB = try await client.execute(uri: "/stats?model=model-b", method: .get).json
                #expect(modelB["total_calls"] as? Int == 1)
                let future = try await client.execute(uri: "/stats?since=2999-01-01T00:00:00Z", method: .get).json
                #expect(future["total_calls"] as? Int == 0)

                let bad = try await client.execute(uri: "/stats?until=soon", method: .get)
                #expect(bad.status == .badRequest)
                #expect(try bad.openAIError["param"] as? String == "until")
            }
        }
    }

    @Test func theProjectionFollowsTheLedgerAndIsSavedBeforeTheLedgerCloses() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            // Traffic, and no /stats call: only the follower folds it.
            try await harness.run { client in
                for _ in 0..<3 {
                    let response = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
                    #expect(response.status == .ok)
                }
            }
            // The server has stopped: the follower's last catch-up was saved before the ledger closed.
            let ledger = try Ledger(path: harness.ledgerPath, options: LedgerOptions(autoTrainAfterEvents: 0))
            let head = try await #require(try ledger.head())
            await ledger.close()
            let saved = try #require(try ProjectionStore(ledgerPath: harness.ledgerPath).load(StatsProjection.name))
            #expect(saved.seq == head.seq)
            #expect(try StatsProjection.decode(saved.state).stats.totals.calls == 3)
        }
    }

    @Test func needsTheAdminKeyWhenKeysAreConfigured() async throws {
        let config = try GatewayHarness.stubConfig(port: 9, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}")
        let harness = GatewayHarness(config: config, environment: ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret"])
        defer { harness.removeLedger() }
        try await harness.run { client in
            for uri in ["/stats", "/stats/raw", "/v1/requests/some-id"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized)
                #expect(try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer client-secret"]).status == .forbidden)
            }
            let admin = try await client.execute(uri: "/stats", method: .get, headers: [.authorization: "Bearer admin-secret"])
            #expect(admin.status == .ok)
            #expect(try admin.json["total_calls"] as? Int == 0)
            let raw = try await client.execute(uri: "/stats/raw", method: .get, headers: [.authorization: "Bearer admin-secret"])
            #expect(raw.status == .ok)
            #expect(try raw.json["total"] as? Int == 0)
        }
    }
}
