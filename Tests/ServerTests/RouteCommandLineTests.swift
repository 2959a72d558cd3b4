import CommandLineHarness
import Foundation
import Testing

/// `routeledger route` of the real executable: decision JSON on stdout, one-line errors with exit 1.
@Suite struct RouteCommandLineTests {
    private func decision(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test func printsTheDecisionForAnAlias() throws {
        let request = #"{"model":"smart","messages":[{"role":"user","content":"Hello there"}]}"#
        let output = try CommandLineRunner().run(["route"], input: Data(request.utf8))
        #expect(output.status == 0)
        let decision = try decision(output.stdout)
        #expect(decision["chosen_model"] as? String == "gpt-4o")
        #expect(decision["reason"] as? String == "requested model smart → gpt-4o")
        #expect(decision["fallback_plan"] as? [String] == ["qwen-max", "claude-3-5-haiku", "qwen-plus"])
    }

    @Test func acceptsArrayOfPartsContentAndNoModel() throws {
        let request = #"{"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"#
        let output = try CommandLineRunner().run(["route"], input: Data(request.utf8))
        #expect(output.status == 0)
        let decision = try decision(output.stdout)
        let strategy = try #require(decision["strategy"] as? [String: Any])
        #expect(strategy["name"] as? String == "complexity")
        #expect(decision["chosen_model"] as? String == "gpt-4o-mini")
    }

    @Test func sameInputPrintsTheSameBytes() throws {
        let request = Data(#"{"model":"router-random-0.5","messages":[{"role":"user","content":"Explain TCP"}]}"#.utf8)
        let first = try CommandLineRunner().run(["route"], input: request)
        let second = try CommandLineRunner().run(["route"], input: request)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
    }

    @Test func usesTheConfigFile() throws {
        let yaml = """
            providers:
              - name: local
                kind: simulated
            models:
              - {name: small, provider: local, tier: simple, input_price_per_1k: 0, output_price_per_1k: 0}
              - {name: middle, provider: local, tier: medium, input_price_per_1k: 0, output_price_per_1k: 0}
              - {name: large, provider: local, tier: complex, input_price_per_1k: 0, output_price_per_1k: 0}
            routing:
              default_strategy: fixed
              strategy_params:
                fixed:
                  model: middle
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("route-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let request = #"{"messages":[{"role":"user","content":"Hi"}]}"#
        let output = try CommandLineRunner().run(["route", "--config", file.path], input: Data(request.utf8))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try decision(output.stdout)["chosen_model"] as? String == "middle")
    }

    @Test(arguments: [
        ("not json", "invalid chat request"),
        (#"{"model":"gpt-4o"}"#, "invalid chat request: messages is required"),
        (#"{"messages":[{"role":"user","content":7}]}"#, "invalid chat request: messages[0].content must be a string, an array of parts or null"),
        (#"{"messages":[]}"#, "invalid chat request: messages must not be empty"),
        (#"{"model":"router-magic-0.5","messages":[{"role":"user","content":"Hi"}]}"#, "unknown scorer \"magic\""),
        (#"{"model":"nope","messages":[{"role":"user","content":"Hi"}]}"#, "unknown model \"nope\""),
    ])
    func badInputIsOneLineOnStandardErrorWithExitOne(input: String, message: String) throws {
        let output = try CommandLineRunner().run(["route"], input: Data(input.utf8))
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }
}
