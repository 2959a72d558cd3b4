import Analytics
import CommandLineHarness
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing
@testable import Server

/// `POST /v1/replay` on the live gateway against `routeledger replay --json` of the real
/// executable on the same ledger, the CLI's other forms, `sweep` and `calibrate`, and errors.
@Suite struct ReplayLiveTests {
    static let complexAsk = #"{"model":"router-complexity-0","messages":[{"role":"user","content":"Hi there"}]}"#
    static let namedAsk = #"{"model":"model-b","messages":[{"role":"user","content":"Hi there"}]}"#

    private func parsed(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test func theHTTPReportIsTheCLIReportAndMovesWhatTheThresholdMoves() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            let body = #"{"model":"router-complexity-0.0","examples":5}"#
            let http = try await harness.run { client in
                for _ in 0..<3 { #expect(try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt).status == .ok) }
                #expect(try await client.chatCompletion(Self.complexAsk).status == .ok)
                #expect(try await client.chatCompletion(Self.namedAsk).status == .ok)
                let response = try await client.execute(
                    uri: "/v1/replay", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            let report = try parsed(http)
            let requests = try #require(report["requests"] as? [String: Any])
            #expect(requests["selected"] as? Int == 5)
            #expect(requests["kept"] as? Int == 1)
            #expect(requests["decided_again"] as? Int == 4)
            #expect((report["changed"] as? [String: Any])?["count"] as? Int == 3)
            // Tokens are the stub's 11 in, 5 out; model-a 0.001/0.002, model-b 0.0005/0.001, model-c 0.01/0.03.
            let a = 11.0 / 1_000 * 0.001 + 5.0 / 1_000 * 0.002
            let b = 11.0 / 1_000 * 0.0005 + 5.0 / 1_000 * 0.001
            let c = 11.0 / 1_000 * 0.01 + 5.0 / 1_000 * 0.03
            let actual = try #require((report["actual"] as? [String: Any])?["cost_usd"] as? Double)
            let counterfactual = try #require((report["counterfactual"] as? [String: Any])?["cost_usd"] as? Double)
            #expect(abs(actual - (3 * a + c + b)) < 1e-12)
            #expect(abs(counterfactual - (4 * c + b)) < 1e-12)
            let examples = try #require(report["examples"] as? [[String: Any]])
            #expect(examples.count == 3)
            #expect(examples.allSatisfy { ($0["prompt_excerpt"] as? String) == "Hi there" })
            #expect(examples.allSatisfy { (($0["counterfactual"] as? [String: Any])?["model"] as? String) == "model-c" })

            let cli = try await CommandLineRunner().run([
                "replay", "--ledger", harness.ledgerPath, "--model", "router-complexity-0.0", "--examples", "5", "--json",
            ])
            #expect(cli.status == 0, "\(cli.stderr)")
            #expect(try parsed(cli.stdout) == report)

            let text = try await CommandLineRunner().run(["replay", "--ledger", harness.ledgerPath, "--model", "router-complexity-0"])
            #expect(text.status == 0)
            #expect(text.stdout.contains("changed      3 decisions (60.0 %)"))
            #expect(text.stdout.contains("model-a 60.0 % → 0.0 %"))

            let csv = try await CommandLineRunner().run(["replay", "--ledger", harness.ledgerPath, "--strategy", "fixed", "--set", "model=model-m", "--csv"])
            #expect(csv.status == 0, "\(csv.stderr)")
            let lines = csv.stdout.split(separator: "\n")
            #expect(lines.count == 6)
            #expect(lines.first == Substring(ReplayCSV.header))
            #expect(lines.dropFirst().filter { $0.contains(",decided,") && $0.contains(",model-m,medium,") }.count == 4)
            #expect(lines.dropFirst().filter { $0.contains(",kept,model-b,") }.count == 1)

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let svg = directory.appendingPathComponent("sweep.svg").path
            let sweep = try await CommandLineRunner().run(["sweep", "--ledger", harness.ledgerPath, "--svg", svg, "--json"])
            #expect(sweep.status == 0, "\(sweep.stderr)")
            let points = try #require(try parsed(sweep.stdout)["points"] as? [[String: Any]])
            #expect(points.count == 101)
            #expect(points.first?["strong_requests"] as? Int == 4)
            #expect(abs((points.first?["cost_usd"] as? Double ?? 0) - (4 * c + b)) < 1e-12)
            #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))

            let calibrate = try await CommandLineRunner().run(["calibrate", "--ledger", harness.ledgerPath, "--strong-share", "1", "--json"])
            #expect(calibrate.status == 0, "\(calibrate.stderr)")
            #expect(try parsed(calibrate.stdout)["strong_requests"] as? Int == 4)
        }
    }

    @Test func badSpecsAreA400NamingTheFieldAndTheLedgerIsUntouched() async throws {
        let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: 9))
        defer { harness.removeLedger() }
        try await harness.run { client in
            let cases: [(String, String)] = [
                (#"{"strategy":"cheapest"}"#, "strategy"),
                (#"{"strategy":"complexity","params":{"complex_threshold":2}}"#, "params.complex_threshold"),
                (#"{"strategy":"complexity","params":{"colour":"red"}}"#, "params.colour"),
                (#"{"model":"router-complexity-7"}"#, "model"),
                (#"{"strategy":"complexity","model":"auto"}"#, "model"),
                (#"{"colour":"red"}"#, "colour"),
                (#"{}"#, "strategy"),
                (#"{"strategy":"complexity","since":"soon"}"#, "since"),
                (#"{"strategy":"complexity","status":"maybe"}"#, "status"),
                (#"{"strategy":"complexity","examples":"ten"}"#, "examples"),
                (#"{"prices":{"model-a":{"input_per_1k":-1,"output_per_1k":0}}}"#, "prices"),
                (#"{"strategy":"complexity"}"#, "selection"),
            ]
            let head = try await harness.headSeq()
            for (body, param) in cases {
                let response = try await client.execute(
                    uri: "/v1/replay", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.openAIError["param"] as? String == param, "\(body)")
            }
            let malformed = try await client.execute(uri: "/v1/replay", method: .post, body: ByteBuffer(string: "{nope"))
            #expect(malformed.status == .badRequest)
            #expect(try await harness.headSeq() == head)
        }
    }

    @Test func needsTheAdminKeyWhenKeysAreConfigured() async throws {
        let config = try GatewayHarness.stubConfig(port: 9, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}")
        let harness = GatewayHarness(config: config, environment: ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret"])
        defer { harness.removeLedger() }
        try await harness.run { client in
            let body = ByteBuffer(string: #"{"strategy":"complexity"}"#)
            #expect(try await client.execute(uri: "/v1/replay", method: .post, body: body).status == .unauthorized)
            let asClient = try await client.execute(
                uri: "/v1/replay", method: .post, headers: [.authorization: "Bearer client-secret"], body: body)
            #expect(asClient.status == .forbidden)
            // The admin gets past the key check: the empty ledger is a 400 about the selection.
            let asAdmin = try await client.execute(
                uri: "/v1/replay", method: .post, headers: [.authorization: "Bearer admin-secret"], body: body)
            #expect(asAdmin.status == .badRequest)
            #expect(try asAdmin.openAIError["param"] as? String == "selection")
        }
    }
}

/// The CLI's one-line errors for replay, sweep and calibrate.
@Suite struct ReplayCommandLineErrorTests {
    @Test(arguments: [
        (["replay"], "nothing to replay"),
        (["replay", "--strategy", "complexity", "--model", "auto"], "not both"),
        (["replay", "--strategy", "complexity", "--set", "novalue"], "key=value"),
        (["replay", "--strategy", "complexity", "--status", "maybe"], "status"),
        (["replay", "--prices", "/nonexistent/prices.yaml"], "cannot read"),
        (["sweep", "--thresholds", "0:2:0.1"], "between 0 and 1"),
        (["sweep", "--scorer", "vibes"], "unknown scorer"),
        (["calibrate", "--strong-share", "2"], "from 0 to 1"),
    ])
    func badInputIsOneLineAndExitOne(arguments: [String], message: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        try await Ledger(path: path, options: LedgerOptions(autoTrainAfterEvents: 0)).close()
        let output = try await CommandLineRunner().run(arguments + ["--ledger", path])
        #expect(output.status == 1, "\(output.stdout)")
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(output.stderr)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }
}
