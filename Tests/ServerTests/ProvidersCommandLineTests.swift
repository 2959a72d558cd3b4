import CommandLineHarness
import Foundation
import Testing

/// `routeledger providers test` of the real executable against the local Anthropic stub and a
/// port nobody listens on.
@Suite struct ProvidersCommandLineTests {
    private func writeConfig(anthropicPort: Int) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("providers-\(UUID().uuidString).yaml")
        try """
            providers:
              - {name: claude, kind: anthropic, base_url: "http://127.0.0.1:\(anthropicPort)/v1", api_key_env: ANTHROPIC_STUB_KEY}
              - {name: nowhere, kind: openai, base_url: "http://127.0.0.1:1/v1", api_key_env: NOWHERE_KEY, timeout_ms: 1000}
            models:
              - {name: claude-sonnet, provider: claude, upstream_model: claude-stub, tier: complex, input_price_per_1k: 0.003, output_price_per_1k: 0.015}
              - {name: claude-haiku, provider: claude, upstream_model: claude-haiku-stub, tier: medium, input_price_per_1k: 0.001, output_price_per_1k: 0.005}
              - {name: nowhere-model, provider: nowhere, tier: simple, input_price_per_1k: 0, output_price_per_1k: 0}
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func aProviderThatAnswersIsOkWithItsLatencyAndTheModelThatAnswered() async throws {
        let stub = AnthropicStub()
        try await stub.run { port in
            let config = try writeConfig(anthropicPort: port)
            defer { try? FileManager.default.removeItem(at: config) }
            let environment = ["ANTHROPIC_STUB_KEY": AnthropicStub.apiKey]
            let plain = try await CommandLineRunner().run(["providers", "test", "claude", "--config", config.path], environment: environment)
            #expect(plain.status == 0)
            #expect(plain.stdout.hasPrefix("claude claude-sonnet: ok, status 200, "))
            #expect(plain.stdout.contains("answered by claude-stub"))

            let json = try await CommandLineRunner().run(
                ["providers", "test", "claude", "--model", "claude-haiku", "--json", "--config", config.path], environment: environment)
            #expect(json.status == 0)
            let outcome = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(outcome["ok"] as? Bool == true)
            #expect(outcome["model"] as? String == "claude-haiku")
            #expect(outcome["answered_by"] as? String == "claude-haiku-stub")
            #expect(stub.received.last?.headers["x-api-key"] == AnthropicStub.apiKey)
        }
    }

    @Test func aProviderThatDoesNotAnswerExitsOneWithTheErrorAndNoSecret() async throws {
        let stub = AnthropicStub()
        try await stub.run { port in
            let config = try writeConfig(anthropicPort: port)
            defer { try? FileManager.default.removeItem(at: config) }
            let dead = try await CommandLineRunner().run(
                ["providers", "test", "nowhere", "--config", config.path], environment: ["NOWHERE_KEY": "sk-never-printed"])
            #expect(dead.status == 1)
            #expect(dead.stdout.hasPrefix("nowhere nowhere-model: failed, status connection"))
            #expect(dead.stdout.contains("error: connection failed"))
            #expect(!(dead.stdout + dead.stderr).contains("sk-never-printed"))

            // A wrong key: Anthropic's own message, the key never echoed.
            let refused = try await CommandLineRunner().run(
                ["providers", "test", "claude", "--config", config.path], environment: ["ANTHROPIC_STUB_KEY": "sk-ant-wrong"])
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("status 401"))
            #expect(refused.stdout.contains("authentication_error: invalid x-api-key"))
            #expect(!(refused.stdout + refused.stderr).contains("sk-ant-wrong"))
        }
    }

    @Test(arguments: [
        (["providers", "test", "ghost"], "unknown provider \"ghost\""),
        (["providers", "test", "claude", "--model", "nowhere-model"], "\"nowhere-model\" is not a model served by claude"),
    ])
    func badInputIsOneLineAndANonZeroExit(arguments: [String], message: String) async throws {
        let config = try writeConfig(anthropicPort: 1)
        defer { try? FileManager.default.removeItem(at: config) }
        let output = try await CommandLineRunner().run(arguments + ["--config", config.path])
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.trimmingCharacters(in: .newlines) == "routeledger: " + message)
    }
}
