import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Router
import Testing
@testable import Server

/// The providers page and Test connection, the what-if report against `POST /v1/replay`, and the
/// configuration against `/status`, on the real gateway.
@Suite struct ConsoleActionsLiveTests {
    typealias Pages = ConsolePagesLiveTests

    /// `primary` on the stub; `dead` on a port nothing listens on.
    static func harness(stubPort: Int) throws -> GatewayHarness {
        let config = try RouteledgerConfig.parse(yaml: """
            auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}
            providers:
              - {name: primary, kind: openai, base_url: "http://127.0.0.1:\(stubPort)/v1", api_key_env: STUB_PROVIDER_KEY, timeout_ms: 2000}
              - {name: dead, kind: openai, base_url: "http://127.0.0.1:1/v1", api_key_env: STUB_PROVIDER_KEY, timeout_ms: 2000}
            models:
              - {name: model-a, provider: primary, upstream_model: upstream-a, tier: simple, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
              - {name: model-c, provider: primary, upstream_model: upstream-c, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.03}
              - {name: model-d, provider: dead, upstream_model: upstream-d, tier: medium, group: lonely, input_price_per_1k: 0.002, output_price_per_1k: 0.004}
            routing:
              retries: {count: 0, backoff_ms: 0}
            """, file: "console.yaml")
        return GatewayHarness(config: config, environment: Pages.keys)
    }

    @Test func providersShowBreakersAndErrorsAndTestConnectionProbesEachProvider() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                _ = try await Pages.send(client, count: 2, model: "model-d")
                _ = try await Pages.send(client, count: 1, model: "model-a")
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let page = try await browser.get("/console/providers")
                #expect(page.status == .ok)
                let status = try await Pages.adminJSON(client, "/status")
                let providers = try #require(status["providers"] as? [[String: Any]])
                let dead = try #require(providers.first { $0["name"] as? String == "dead" })
                #expect(dead["errors"] as? Int == 2)
                #expect(dead["errors_by_class"] as? [String: Int] == ["connection": 2])
                let row = try #require(ConsoleBrowser.captures(#"<tr data-provider="dead">(.*?)</tr>"#, in: page.html).first?.first)
                #expect(row.contains(#"<td data-field="errors">2</td>"#))
                #expect(row.contains(#"data-class="connection">connection: 2</span>"#))
                #expect(row.contains(#"data-field="consecutive_failures">\#(dead["consecutive_failures"] as? Int ?? -1)</td>"#))
                #expect(row.contains(#"data-field="phase">\#(dead["breaker"] as? String ?? "?")</span>"#))
                #expect(page.html.contains(#"<tr data-model="model-a"><td>primary</td><td>model-a</td>"#))

                let probesBefore = stub.received.count
                let good = try await browser.post("/console/providers/primary/test", [:], from: page.html)
                #expect(good.status == .ok)
                #expect(good.html.contains(#"id="test-result" class="panel ok" data-ok="true" data-provider="primary""#))
                #expect(stub.received.count == probesBefore + 1, "one real request")
                let probe = try #require(stub.received.last?.body)
                #expect(probe["model"] as? String == "upstream-a" && probe["max_tokens"] as? Int == 1)
                #expect(stub.received.last?.authorization == "Bearer provider-secret-value")

                let bad = try await browser.post("/console/providers/dead/test", [:], from: page.html)
                #expect(bad.html.contains(#"data-ok="false" data-provider="dead""#))
                #expect(bad.html.contains(#"<strong data-field="status">connection</strong>"#))
                #expect(bad.html.contains(#"<p class="error" data-field="error">"#))
                #expect(!bad.html.contains("provider-secret-value"))

                let missing = try await browser.post("/console/providers/nobody/test", [:], from: page.html)
                #expect(missing.status == .notFound)
                // Without the page's token, from another site, or signed out: refused.
                var headers = ConsoleBrowser.formHeaders
                headers[.cookie] = browser.cookie
                let noToken = try await client.execute(uri: "/console/providers/primary/test", method: .post, headers: headers)
                #expect(noToken.status == .forbidden)
                headers[.origin] = "https://evil.example"
                let crossSite = try await client.execute(
                    uri: "/console/providers/primary/test", method: .post, headers: headers,
                    body: ByteBuffer(string: "form_token=" + (ConsoleBrowser.formToken(page.html) ?? "")))
                #expect(crossSite.status == .forbidden)
                #expect(stub.received.count == probesBefore + 1, "refused probes send nothing")
            }
        }
    }

    @Test func theWhatIfReportIsTheReplayEndpointsAndBadInputNamesItsField() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                _ = try await Pages.send(client, count: 4)
                _ = try await Pages.send(client, count: 3, prompt: "Prove that there are infinitely many primes, step by step, rigorously.")
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let form = try await browser.get("/console/what-if")
                #expect(form.html.contains(#"id="what-if-form""#))
                let result = try await browser.post(
                    "/console/what-if", ["model": "router-complexity-0.1", "examples": "3", "target_share": "50"], from: form.html)
                #expect(result.status == .ok)
                let replay = try await client.execute(
                    uri: "/v1/replay", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer admin-secret"],
                    body: ByteBuffer(string: #"{"model": "router-complexity-0.1", "examples": 3}"#))
                let report = try replay.json
                let requests = try #require(report["requests"] as? [String: Any])
                func shown(_ field: String) -> Double? {
                    ConsoleBrowser.captures(#"data-field="\#(field)" data-value="([^"]+)""#, in: result.html).first.flatMap { Double($0[0]) }
                }
                #expect(shown("selected") == 7 && requests["selected"] as? Int == 7)
                for field in ["replayed", "kept", "decided_again"] {
                    #expect(shown(field) == (requests[field] as? NSNumber)?.doubleValue, "\(field)")
                }
                #expect(shown("actual_cost_usd") == ((report["actual"] as? [String: Any])?["cost_usd"] as? NSNumber)?.doubleValue)
                #expect(shown("counterfactual_cost_usd") == ((report["counterfactual"] as? [String: Any])?["cost_usd"] as? NSNumber)?.doubleValue)
                #expect(shown("cost_delta_usd") == (report["cost_delta_usd"] as? NSNumber)?.doubleValue)
                #expect(result.html.contains(#"<div id="sweep-chart" class="chart"><svg"#))
                #expect(result.html.contains(#"<p id="calibration" data-threshold=""#))
                #expect(result.html.contains(#"<input name="model" value="router-complexity-0.1""#), "the form keeps its inputs")

                for (fields, parameter) in [
                    (["params": "{not json"], "params"), (["examples": "-1"], "examples"), (["scorer": "dice"], "scorer"),
                    (["since": "last week"], "since"), (["target_share": "150"], "target_share"), (["strategy": "coin"], "strategy"),
                ] {
                    let refused = try await browser.post("/console/what-if", fields, from: form.html)
                    #expect(refused.status == .badRequest, "\(fields)")
                    #expect(refused.html.contains(#"data-parameter="\#(parameter)""#), "\(fields): \(refused.html)")
                }
            }
        }
    }

    @Test func theConfigurationShowsTheRunningHashItsHistoryAndNoSecrets() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let page = try await browser.get("/console/configuration")
                #expect(page.status == .ok)
                let status = try await Pages.adminJSON(client, "/status")
                let hash = try #require(status["config_hash"] as? String)
                #expect(page.html.contains(#"<code id="config-hash">\#(hash)</code>"#))
                let history = ConsoleBrowser.captures(#"<tr data-seq="(\d+)" class="current"><td>\d+</td><td>[^<]+</td><td><code>([0-9a-f]+)</code>"#, in: page.html)
                #expect(history.count == 1 && history.first?[1] == hash)
                #expect(page.html.contains("<code>STUB_PROVIDER_KEY</code>"))
                #expect(page.html.contains("<code>ADMIN_KEY</code>"))
                for secret in Pages.keys.values { #expect(!page.html.contains(secret), "\(secret)") }
                #expect(page.html.contains("http://127.0.0.1:1/v1"))
            }
        }
    }
}
