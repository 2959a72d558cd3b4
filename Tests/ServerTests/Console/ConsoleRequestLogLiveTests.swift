import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing
@testable import Server

/// The request log, a request's audit page, the exports and live mode on the real gateway.
@Suite struct ConsoleRequestLogLiveTests {
    typealias Pages = ConsolePagesLiveTests

    @Test func theLogPagesByCursorNewestFirstAndFiltersByStatusModelAndID() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(503), .status(503), .status(503), for: "upstream-c")
        try await stub.run { port in
            let harness = try Pages.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                var sent = try await Pages.send(client, count: 57)
                sent += try await Pages.send(client, count: 3, model: "model-c")
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")

                var walked: [String] = []
                var uri: String? = "/console/requests"
                var pages = 0
                while let next = uri {
                    let page = try await browser.get(next)
                    #expect(page.status == .ok)
                    walked += Pages.logIDs(page.html)
                    uri = Pages.link("next-page", in: page.html)
                    #expect(uri.map { $0.contains("cursor=") && !$0.contains("offset") } ?? true)
                    pages += 1
                }
                #expect(pages == 2)
                #expect(walked == sent.reversed(), "every request once, newest first")

                let failed = try await browser.get("/console/requests?status=failed")
                #expect(Set(Pages.logIDs(failed.html)) == Set(sent.suffix(3)))
                #expect(failed.html.contains(#"<option value="failed" selected>"#))
                let byModel = try await browser.get("/console/requests?model=model-c&status=&key=")
                #expect(Pages.logIDs(byModel.html) == sent.suffix(3).reversed(), "failed requests routed to model-c")
                let one = try await browser.get("/console/requests?request_id=\(sent[10])")
                #expect(Pages.logIDs(one.html) == [sent[10]])
                let none = try await browser.get("/console/requests?key=nobody")
                #expect(Pages.logIDs(none.html).isEmpty && none.html.contains("No requests match."))
                #expect(!failed.html.contains("id=\"live-toggle\""), "live mode follows the unfiltered log")
            }
        }
    }

    @Test func aRequestPageShowsItsAuditWithBothAttemptsAndEscapesThePrompt() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), for: "upstream-a")
        try await stub.run { port in
            let harness = try Pages.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                let hostile = #"<script>alert(1)</script>"><img src=x onerror=alert(2)> What is 2 + 2?"#
                let id = try #require(try await Pages.send(client, count: 1, prompt: hostile).first)
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let page = try await browser.get("/console/requests/\(id)")
                #expect(page.status == .ok)
                let audit = try await Pages.adminJSON(client, "/v1/requests/\(id)")

                let attempts = ConsoleBrowser.captures(
                    #"<li class="attempt" data-outcome="([a-z]+)" data-provider="([a-z]+)" data-model="([a-z-]+)""#, in: page.html)
                #expect(attempts.map { $0 } == [["failed", "primary", "model-a"], ["succeeded", "backup", "model-b"]])
                let events = try #require(audit["events"] as? [[String: Any]])
                let shown = ConsoleBrowser.captures(#"<tr data-seq="(\d+)"><td>\d+</td><td>([a-z.]+)</td>.*?<code class="hash">([0-9a-f]{64})</code>"#, in: page.html)
                #expect(shown.map { $0[0] } == events.map { String($0["seq"] as? Int ?? 0) })
                #expect(shown.map { $0[1] } == events.map { $0["type"] as? String ?? "" })
                #expect(shown.map { $0[2] } == events.map { $0["hash"] as? String ?? "" })
                #expect(page.html.contains(#"id="proof" class="panel ok" data-verified="true""#))
                let cost = try #require(audit["cost"] as? [String: Any])
                #expect(page.html.contains(ConsoleBrowser.unescaped(cost["arithmetic"] as? String ?? "nothing")))
                #expect(page.html.contains(UpstreamStub.answerText))

                #expect(!page.html.contains("<script>alert"))
                #expect(!page.html.contains("<img src=x"))
                #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
                #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            }
        }
    }

    @Test func theExportsHoldTheFilteredLogAsCSVAndJSONLines() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(503), for: "upstream-c")
        try await stub.run { port in
            let harness = try Pages.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                let answered = try await Pages.send(client, count: 4, prompt: "Say hi")
                let failed = try await Pages.send(client, count: 1, model: "model-c")
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")

                let csv = try await browser.get("/console/requests/export?format=csv")
                #expect(csv.status == .ok)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.headers[.contentDisposition] == #"attachment; filename="requests.csv""#)
                let lines = csv.html.split(separator: "\n").map(String.init)
                #expect(lines.first == RequestLogRow.columns.joined(separator: ","))
                #expect(lines.count == 6)
                #expect(lines.dropFirst().map { String($0.prefix { $0 != "," }) } == (answered + failed).reversed())
                let failedFields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                #expect(failedFields[3] == "model-c" && failedFields[4] == "model-c" && failedFields[5] == "")
                #expect(failedFields[8] == "failed" && failedFields[9].hasPrefix("50"), "\(failedFields)")

                let jsonLines = try await browser.get("/console/requests/export?format=jsonl&status=succeeded")
                let rows = try jsonLines.html.split(separator: "\n").map {
                    try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
                }
                #expect(rows.map { $0["request_id"] as? String } == answered.reversed())
                #expect(rows.allSatisfy { $0["model"] as? String == "model-a" && $0["provider"] as? String == "primary" })
                let expectedCost = Double(UpstreamStub.promptTokens) / 1_000 * 0.001 + Double(UpstreamStub.completionTokens) / 1_000 * 0.002
                #expect(rows.allSatisfy { ($0["cost_usd"] as? Double).map { abs($0 - expectedCost) < 1e-12 } == true })
            }
        }
    }

    @Test func liveModeStreamsEachRequestAsItEndsOverOneConnection() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Pages.harness(stubPort: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                let before = try await Pages.send(client, count: 2)
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let page = try await browser.get("/console/requests")
                let after = try #require(ConsoleBrowser.captures(#"id="live-toggle" data-after="(\d+)""#, in: page.html).first?.first)

                let gatewayPort = try #require(client.port)
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(gatewayPort)/console/requests/live?after=\(after)")
                request.headers.add(name: "cookie", value: browser.cookie)
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                var received = ""
                do {
                    let response = try await http.execute(request, timeout: .seconds(30))
                    #expect(response.status == .ok)
                    #expect(response.headers.first(name: "content-type") == "text/event-stream")
                    var sent: [String] = []
                    for try await buffer in response.body {
                        received += String(buffer: buffer)
                        // Once the stream is open, each new request must arrive on it.
                        if received.contains(": live after"), sent.isEmpty {
                            sent = try await Pages.send(client, count: 3)
                        }
                        if !sent.isEmpty, sent.allSatisfy({ received.contains("\"request_id\":\"\($0)\"") }) { break }
                    }
                    #expect(sent.count == 3)
                    #expect(!before.contains { received.contains($0) }, "only requests after the page's newest row")
                    let events = ConsoleBrowser.captures(#"event: request\nid: (\d+)\ndata: \{"#, in: received)
                    #expect(events.count == 3)
                }
                try await http.shutdown()
            }
        }
    }
}
