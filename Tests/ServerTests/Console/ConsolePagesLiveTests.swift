import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Server

/// Every console page on the real gateway, signed in with the admin key, against the JSON
/// endpoints it mirrors: traffic through the stub upstream (answers, a failover, failures), then
/// the overview's figures against `/stats`, the request log paged by cursor and filtered, a
/// request's audit, the providers and Test connection, the what-if report against
/// `POST /v1/replay`, the configuration against `/status`, the exports, and bad parameters.
@Suite struct ConsolePagesLiveTests {
    static let keys = ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret", "STUB_PROVIDER_KEY": "provider-secret-value"]

    /// The stub config with client and admin keys, no retries.
    static func harness(stubPort: Int) throws -> GatewayHarness {
        let config = try GatewayHarness.stubConfig(
            port: stubPort, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}", retries: 0)
        return GatewayHarness(config: config, environment: keys)
    }

    static let client: HTTPFields = [.contentType: "application/json", .authorization: "Bearer client-secret"]
    static let admin: HTTPFields = [.authorization: "Bearer admin-secret"]

    /// Sends `count` chat requests naming `model` (nil: routed); their request ids.
    static func send(_ client: any TestClientProtocol, count: Int, model: String? = nil, prompt: String = "What is 2 + 2?") async throws -> [String] {
        var ids: [String] = []
        for _ in 0..<count {
            let modelField = model.map { #""model": "\#($0)", "# } ?? ""
            let body = #"{\#(modelField)"messages": [{"role": "user", "content": \#(jsonString(prompt))}]}"#
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post, headers: Self.client, body: ByteBuffer(string: body))
            if let id = response.headers[.requestID] { ids.append(id) }
        }
        return ids
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }

    static func adminJSON(_ client: any TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        let response = try await client.execute(uri: uri, method: .get, headers: Self.admin)
        #expect(response.status == .ok, "\(uri)")
        return try response.json
    }

    /// `data-stat` → `data-value` of a page.
    static func stats(_ html: String) -> [String: Double] {
        Dictionary(
            ConsoleBrowser.captures(#"data-stat="([^"]+)" data-value="([^"]+)""#, in: html).map { ($0[0], Double($0[1]) ?? .nan) }
        ) { first, _ in first }
    }

    /// The rows of a distribution table: key → count.
    static func distribution(_ name: String, in html: String) -> [String: Int] {
        guard let table = ConsoleBrowser.captures(#"<table data-distribution="\#(name)">(.*?)</table>"#, in: html).first?.first
        else { return [:] }
        return Dictionary(
            ConsoleBrowser.captures(#"<tr data-key="([^"]*)"><td>[^<]*</td><td data-value="(\d+)""#, in: table).map {
                (ConsoleBrowser.unescaped($0[0]), Int($0[1]) ?? -1)
            }) { first, _ in first }
    }

    /// The request ids of a request-log page, in order.
    static func logIDs(_ html: String) -> [String] {
        ConsoleBrowser.captures(#"<tr data-request-id="([^"]+)""#, in: html).map { $0[0] }
    }

    /// A page's `href` of `id`, unescaped.
    static func link(_ id: String, in html: String) -> String? {
        ConsoleBrowser.captures(#"id="\#(id)" href="([^"]+)""#, in: html).first.map { ConsoleBrowser.unescaped($0[0]) }
    }

    @Test func theOverviewShowsTheFiguresOfStatsForTheSameFilter() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), for: "upstream-a")
        stub.queue(.status(503), .status(503), for: "upstream-c")
        try await stub.run { port in
            let harness = try Self.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                _ = try await Self.send(client, count: 6)
                _ = try await Self.send(client, count: 2, model: "model-b")
                _ = try await Self.send(client, count: 2, model: "model-c")
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                for (query, uri) in [("", "/stats"), ("?model=model-b", "/stats?model=model-b"), ("?model=model-c", "/stats?model=model-c")] {
                    let stats = try await Self.adminJSON(client, uri)
                    let page = try await browser.get("/console/overview" + query)
                    #expect(page.status == .ok)
                    let figures = Self.stats(page.html)
                    #expect(figures.count == 11, "\(query)")
                    for (path, value) in figures {
                        let parts = path.split(separator: ".").map(String.init)
                        var node: Any? = stats
                        for part in parts { node = (node as? [String: Any])?[part] }
                        let expected = (node as? NSNumber)?.doubleValue
                        #expect(expected == value, "\(query) \(path): page \(value), /stats \(String(describing: expected))")
                    }
                    for name in ["model_distribution", "tier_distribution", "task_type_distribution", "failures_by_status"] {
                        let expected = (stats[name] as? [String: Int]) ?? [:]
                        #expect(Self.distribution(name, in: page.html) == expected, "\(query) \(name)")
                    }
                }
                let all = try await Self.adminJSON(client, "/stats")
                #expect(all["total_calls"] as? Int == 8, "6 routed + 2 model-b answered; the model-c pair failed")
                #expect(all["failed_calls"] as? Int == 2)
                let failures = try #require(all["failures_by_status"] as? [String: Int])
                #expect(failures.count == 1 && failures.values.first == 2, "both failed the same way: \(failures)")

                // The chart over the last hour holds every request, in its bars' titles.
                let since = Int(Date().timeIntervalSince1970) - 3_600
                let charted = try await browser.get("/console/overview?since=\(since)&bucket=15m")
                #expect(charted.html.contains(#"<div id="series-chart" class="chart"><svg"#))
                let bars = ConsoleBrowser.captures(#"<title>[^<]*: (\d+) succeeded, (\d+) failed"#, in: charted.html)
                #expect(bars.count == 4 || bars.count == 5, "an hour of 15-minute buckets, aligned outwards")
                #expect(bars.map { Int($0[0])! }.reduce(0, +) == 8)
                #expect(bars.map { Int($0[1])! }.reduce(0, +) == 2)
            }
        }
    }

    @Test func badQueryParametersGetAPageNamingTheParameter() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                for (uri, parameter) in [
                    ("/console/overview?since=yesterday", "since"), ("/console/overview?since=2000&until=1000", "until"),
                    ("/console/overview?bucket=7m", "bucket"), ("/console/requests?status=maybe", "status"),
                    ("/console/requests?cursor=bm90LWEtY3Vyc29y", "cursor"), ("/console/requests?until=soon", "until"),
                    ("/console/requests/export?format=xml", "format"), ("/console/configuration?before=-3", "before"),
                ] {
                    let page = try await browser.get(uri)
                    #expect(page.status == .badRequest, "\(uri)")
                    #expect(page.html.contains(#"data-parameter="\#(parameter)""#), "\(uri): \(page.html)")
                    #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                }
                let missing = try await browser.get("/console/requests/no-such-request")
                #expect(missing.status == .notFound)
                #expect(missing.html.contains("no request with id no-such-request"))
            }
        }
    }
}
