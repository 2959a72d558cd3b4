import CommandLineHarness
import Foundation
import Testing

/// `routeledger route` of the real executable: decision JSON on stdout (one line per request for
/// JSON lines), one-line errors with exit 1.
@Suite struct RouteCommandLineTests {
    private func decision(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test func printsTheDecisionForAnAlias() async throws {
        let request = #"{"model":"smart","messages":[{"role":"user","content":"Hello there"}]}"#
        let output = try await CommandLineRunner().run(["route"], input: Data(request.utf8))
        #expect(output.status == 0)
        let decision = try decision(output.stdout)
        #expect(decision["chosen_model"] as? String == "gpt-4o")
        #expect(decision["reason"] as? String == "requested model smart → gpt-4o")
        #expect(decision["fallback_plan"] as? [String] == ["qwen-max", "claude-3-5-haiku", "qwen-plus"])
    }

    @Test func acceptsArrayOfPartsContentAndNoModel() async throws {
        let request = #"{"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"#
        let output = try await CommandLineRunner().run(["route"], input: Data(request.utf8))
        #expect(output.status == 0)
        let decision = try decision(output.stdout)
        let strategy = try #require(decision["strategy"] as? [String: Any])
        #expect(strategy["name"] as? String == "complexity")
        #expect(decision["chosen_model"] as? String == "gpt-4o-mini")
    }

    @Test func sameInputPrintsTheSameBytes() async throws {
        let request = Data(#"{"model":"router-random-0.5","messages":[{"role":"user","content":"Explain TCP"}]}"#.utf8)
        let first = try await CommandLineRunner().run(["route"], input: request)
        let second = try await CommandLineRunner().run(["route"], input: request)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
    }

    @Test func usesTheConfigFile() async throws {
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
        let output = try await CommandLineRunner().run(["route", "--config", file.path], input: Data(request.utf8))
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
    func badInputIsOneLineOnStandardErrorWithExitOne(input: String, message: String) async throws {
        let output = try await CommandLineRunner().run(["route"], input: Data(input.utf8))
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    private static let jsonLines = [
        #"{"messages":[{"role":"user","content":"hi"}]}"#,
        #"{"model":"smart","messages":[{"role":"system","content":"You review code."},{"role":"user","content":"Write a Python function that merges two sorted lists in linear time, with tests."}]}"#,
        #"{"model":"fast","messages":[{"role":"user","content":"Translate to French: good morning"}]}"#,
    ]

    @Test func jsonLinesPrintOneDecisionPerLineInRequestOrder() async throws {
        let runner = try CommandLineRunner()
        let output = try await runner.run(["route"], input: Data(Self.jsonLines.joined(separator: "\n").utf8))
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        // Each line is what routing that request alone prints.
        for (line, request) in zip(lines, Self.jsonLines) {
            let single = try await runner.run(["route"], input: Data(request.utf8))
            #expect(line + "\n" == single.stdout)
        }
        let decisions = try lines.map(decision)
        #expect(decisions.map { $0["chosen_model"] as? String } == ["gpt-4o-mini", "gpt-4o", "gpt-4o-mini"])
        let features = try decisions.map { try #require($0["features"] as? [String: Any]) }
        let tokens = features.compactMap { $0["token_count"] as? Int }
        #expect(tokens.count == 3 && tokens[0] < tokens[2] && tokens[2] < tokens[1], "\(tokens)")
        #expect(features[1]["task_type"] as? String == "Code Generation")
    }

    @Test func aPrettyPrintedRequestIsStillOneRequest() async throws {
        let pretty = """
            {
              "model": "smart",
              "messages": [
                {"role": "user", "content": "Hello there"}
              ]
            }
            """
        let output = try await CommandLineRunner().run(["route"], input: Data(pretty.utf8))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.split(separator: "\n").count == 1)
        #expect(try decision(output.stdout)["chosen_model"] as? String == "gpt-4o")
        let invalid = try await CommandLineRunner().run(["route"], input: Data("{\n  \"messages\": []\n}\n".utf8))
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("routeledger: invalid chat request: messages must not be empty"), "\(invalid.stderr)")
    }

    @Test(arguments: [
        (#"{"messages":[]}"#, "line 4: invalid chat request: messages must not be empty"),
        ("not json", "line 4: invalid chat request: the request body is not a valid JSON object"),
        (#"{"model":"nope","messages":[{"role":"user","content":"Hi"}]}"#, #"line 4: unknown model "nope""#),
    ])
    func aBadJSONLineIsNamedAndNothingIsPrinted(badLine: String, message: String) async throws {
        // Line 2 is blank: lines are counted as in the input.
        let input = [Self.jsonLines[0], "", Self.jsonLines[1], badLine, Self.jsonLines[2]].joined(separator: "\n")
        let output = try await CommandLineRunner().run(["route"], input: Data(input.utf8))
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }
}
