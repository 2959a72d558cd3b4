import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Router
import Testing

@testable import Server

/// Bad input and missing keys get the OpenAI envelope with the right status — never a 500.
@Suite struct BadInputLiveTests {
    static let cases: [(body: String, status: Int, param: String?)] = [
        ("{bad json", 400, nil),
        ("[1,2]", 400, nil),
        ("", 400, nil),
        (#"{"messages":[]}"#, 400, "messages"),
        (#"{"messages":"hi"}"#, 400, "messages"),
        (#"{"model":7,"messages":[{"role":"user","content":"x"}]}"#, 400, "model"),
        (#"{"messages":[{"role":"robot","content":"x"}]}"#, 400, "messages[0].role"),
        (#"{"messages":[{"role":"user","content":5}]}"#, 400, "messages[0].content"),
        (#"{"stream":"yes","messages":[{"role":"user","content":"x"}]}"#, 400, "stream"),
        (#"{"temperature":3,"messages":[{"role":"user","content":"x"}]}"#, 400, "temperature"),
        (#"{"max_tokens":-1,"messages":[{"role":"user","content":"x"}]}"#, 400, "max_tokens"),
        (#"{"model":"router-complexity-1.5","messages":[{"role":"user","content":"x"}]}"#, 400, "model"),
        (#"{"model":"router-psychic-0.5","messages":[{"role":"user","content":"x"}]}"#, 400, "model"),
        (#"{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}"#, 404, "model"),
        (String(repeating: "[", count: 100_000), 400, nil),
        (String(repeating: #"{"a":"#, count: 100_000), 400, nil),
        (#"{"messages":[{"role":"user","content":"x"}]} trailing"#, 400, nil),
    ]

    @Test func everyBadBodyGetsTheEnvelopeWithItsStatus() async throws {
        let harness = GatewayHarness(config: .builtIn)
        defer { harness.removeLedger() }
        try await harness.run { client in
            for row in Self.cases {
                let response = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: row.body))
                #expect(Int(response.status.code) == row.status, "\(row.body.prefix(60))")
                let error = try response.openAIError
                #expect(error["type"] as? String == "invalid_request_error")
                #expect(error["param"] as? String == row.param, "\(row.body.prefix(60))")
                #expect((error["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func aBodyThatIsNotUTF8Is400() async throws {
        let harness = GatewayHarness(config: .builtIn)
        defer { harness.removeLedger() }
        try await harness.run { client in
            let bytes = Array(#"{"messages":[{"role":"user","content":"caf"#.utf8) + [0xE9] + Array(#""}]}"#.utf8)
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: bytes))
            #expect(response.status == .badRequest)
            #expect(try response.openAIError["message"] as? String == "the request body is not a valid JSON object")
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        var config = RouteledgerConfig.builtIn
        config.server.maxBodyBytes = 1_000
        let harness = GatewayHarness(config: config)
        defer { harness.removeLedger() }
        try await harness.run { client in
            let big = #"{"messages":[{"role":"user","content":""# + String(repeating: "x", count: 2_000) + #""}]}"#
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, body: ByteBuffer(string: big))
            #expect(response.status.code == 413)
            #expect(try response.openAIError["code"] as? String == "request_too_large")
        }
    }

    @Test func keysAreRequiredWhenConfiguredAndNeverEchoed() async throws {
        var config = RouteledgerConfig.builtIn
        config.auth = AuthSettings(clientKeyEnvs: ["TEST_CLIENT_KEY"], adminKeyEnv: "TEST_ADMIN_KEY")
        config.catalog.providers[0].latencyMs = 0
        config.catalog.providers[0].ttftMs = 0
        let harness = GatewayHarness(
            config: config, environment: ["TEST_CLIENT_KEY": "client-secret", "TEST_ADMIN_KEY": "admin-secret"])
        defer { harness.removeLedger() }
        try await harness.run { client in try await checkKeys(client, harness: harness) }
    }

    /// 401 without or with a wrong key (never echoed), 200 with a client key recorded by its variable name.
    private func checkKeys(_ client: some TestClientProtocol, harness: GatewayHarness) async throws {
        let body = ByteBuffer(string: #"{"messages":[{"role":"user","content":"hello"}]}"#)
        let missing = try await client.execute(uri: "/v1/chat/completions", method: .post, body: body)
        #expect(missing.status.code == 401)
        #expect(try missing.openAIError["type"] as? String == "authentication_error")
        let wrong = try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer guess-secret"], body: body)
        #expect(wrong.status.code == 401)
        let wrongBody = String(decoding: wrong.body.readableBytesView, as: UTF8.self)
        #expect(!wrongBody.contains("guess-secret"))
        let right = try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer client-secret"], body: body)
        #expect(right.status.code == 200)
        let requestID = try #require(right.headers[.requestID])
        let events = try await harness.events(of: requestID)
        if case .requestReceived(let received)? = events.first {
            #expect(received.apiKeyID == "env:TEST_CLIENT_KEY")
        }
        let models = try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer admin-secret"])
        #expect(models.status.code == 200)
        let health = try await client.execute(uri: "/health", method: .get)
        #expect(health.status.code == 200)
    }

    @Test func anUnsetKeyVariableOrAnOpenPublicBindRefusesToStart() async throws {
        var config = RouteledgerConfig.builtIn
        config.auth = AuthSettings(clientKeyEnvs: ["TEST_UNSET_KEY"])
        await #expect(throws: APIKeysError.self) { try await GatewayHarness(config: config).run { _ in } }
        var open = GatewayHarness(config: .builtIn)
        open.host = "0.0.0.0"
        await #expect(throws: GatewayStartError.self) { try await open.run { _ in } }
    }
}
