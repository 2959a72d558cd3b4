import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Router
import Testing

@testable import Server

/// The console's keys page shows each key's team, status, limits and budget use as
/// `/v1/key/info` reports it, and each key's and team's traffic as `/stats?group_by=` does.
@Suite struct ConsoleKeysLiveTests {
    @Test func theKeysPageShowsWhatKeyInfoAndStatsByKeyAndTeamReport() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let config = try GatewayHarness.stubConfig(
                port: port, extra: "auth: {admin_key_env: ADMIN_KEY}")
            let harness = GatewayHarness(config: config, environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            try await harness.run { client in
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let empty = try await browser.get("/console/keys")
                #expect(empty.status == .ok)
                #expect(empty.html.contains(#"id="no-keys""#))

                let spender = try await BudgetsAndRateLimitsLiveTests.issue(
                    #"{"team":"research","name":"notebook","budgets":["2/day"],"rpm":30}"#, through: client)
                let idle = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"ops"}"#, through: client)
                let teamBudget = try await client.execute(
                    uri: "/admin/teams/research", method: .patch, headers: VirtualKeysLiveTests.admin,
                    body: ByteBuffer(string: #"{"budgets":["5/month"]}"#))
                #expect(teamBudget.status == .ok)
                for index in 0..<3 {
                    let body = #"{"messages":[{"role":"user","content":"Hi"}],"max_tokens":5,"user":"alice","metadata":{"tenant_id":"acme\#(index % 2)"}}"#
                    #expect(try await BudgetsAndRateLimitsLiveTests.complete(spender.secret, through: client, body: body).status == .ok)
                }
                _ = try await client.execute(uri: "/admin/keys/\(idle.id)", method: .delete, headers: VirtualKeysLiveTests.admin)

                let page = try await browser.get("/console/keys")
                #expect(page.status == .ok)
                let info = try await client.execute(
                    uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(spender.secret)).json
                let budgets = try #require(info["budgets"] as? [[String: Any]])
                #expect(budgets.count == 2)  // the key's daily and the team's monthly
                let stats = try await client.execute(uri: "/stats?group_by=key", method: .get, headers: VirtualKeysLiveTests.admin).json
                let group = try #require((stats["groups"] as? [[String: Any]])?.first { $0["value"] as? String == spender.id })
                let cost = try #require(group["total_cost_usd"] as? Double)

                let rows = ConsoleBrowser.captures(#"<tr data-key="([^"]+)">(.*?)</tr>"#, in: page.html.replacingOccurrences(of: "\n", with: " "))
                #expect(rows.map { $0[0] } == [idle.id, spender.id])
                let spenderRow = try #require(rows.first { $0[0] == spender.id })[1]
                #expect(spenderRow.contains("notebook") && spenderRow.contains(">research<") && spenderRow.contains("active"))
                #expect(spenderRow.contains("30 rpm"))
                let spent = try #require(budgets.first?["spent_usd"] as? Double)
                #expect(spenderRow.contains("day: \(ConsoleFormat.dollars(spent)) / \(ConsoleFormat.dollars(2))"))
                #expect(spenderRow.contains("3 requests, \(ConsoleFormat.dollars(cost))"))
                #expect(spenderRow.contains(#"href="/console/requests?key=\#(spender.id)""#))
                let idleRow = try #require(rows.first { $0[0] == idle.id })[1]
                #expect(idleRow.contains("revoked") && idleRow.contains("0 requests"))

                let teams = ConsoleBrowser.captures(#"<tr data-team="([^"]+)">(.*?)</tr>"#, in: page.html.replacingOccurrences(of: "\n", with: " "))
                #expect(teams.map { $0[0] } == ["ops", "research"])
                let research = try #require(teams.first { $0[0] == "research" })[1]
                #expect(research.contains("1 active") && research.contains("month: \(ConsoleFormat.dollars(spent)) / \(ConsoleFormat.dollars(5))"))
                #expect(research.contains("3 requests, \(ConsoleFormat.dollars(cost))"))

                // Tags and users, the most spent first, each linked to its requests.
                let tags = ConsoleBrowser.captures(#"<tr data-tag="([^"]+)">(.*?)</tr>"#, in: page.html.replacingOccurrences(of: "\n", with: " "))
                #expect(tags.map { $0[0] }.sorted() == ["tenant_id:acme0", "tenant_id:acme1"])
                #expect(tags.first { $0[0] == "tenant_id:acme0" }?[1].contains("2 requests") == true)
                #expect(tags.first { $0[0] == "tenant_id:acme0" }?[1].contains(#"href="/console/requests?tag=tenant_id:acme0""#) == true)
                let users = ConsoleBrowser.captures(#"<tr data-user="([^"]+)">(.*?)</tr>"#, in: page.html.replacingOccurrences(of: "\n", with: " "))
                #expect(users.map { $0[0] } == ["alice"])
                #expect(users.first?[1].contains("3 requests") == true)

                // The request log filtered by the key's team lists its three requests.
                let log = try await browser.get("/console/requests?team=research")
                #expect(log.status == .ok)
                #expect(ConsoleBrowser.captures(#"href="/console/requests/([0-9a-f-]{36})""#, in: log.html).count == 3)
            }
        }
    }
}
