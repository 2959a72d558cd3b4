import Analytics
import CommandLineHarness
import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import NIOCore
import Testing

@testable import Server

/// Team budgets as ledger events: set through `PATCH /admin/teams/{team}` or `routeledger teams
/// update` (`team.updated`, naming who did it), shared by every key of the team from the next
/// request, shown in each request's audit as they were when it was received, and every bad input
/// a 400, 403 or 404 envelope (or a one-line CLI error) that records nothing.
@Suite struct TeamBudgetsLiveTests {
    static func setBudgets(_ team: String, _ body: String, through client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(
            uri: "/admin/teams/\(team)", method: .patch, headers: VirtualKeysLiveTests.admin, body: ByteBuffer(string: body))
    }

    static func audit(_ response: TestResponse, through client: some TestClientProtocol) async throws -> [String: Any] {
        let id = try #require(response.headers[.requestID])
        let audit = try await client.execute(uri: "/v1/requests/\(id)", method: .get, headers: VirtualKeysLiveTests.admin).json
        return try #require(audit["key"] as? [String: Any])
    }

    @Test func aTeamBudgetHoldsEveryKeyOfTheTeamAndTheAuditShowsTheBudgetInForce() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let config = try BudgetsAndRateLimitsLiveTests.config(port: port)
            let harness = GatewayHarness(config: config, environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            try await harness.run { client in
                let first = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"research"}"#, through: client)
                let second = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"research"}"#, through: client)
                let other = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"ops"}"#, through: client)

                // Before any team budget: admitted, and the audit says no team budget was in force.
                let before = try await BudgetsAndRateLimitsLiveTests.complete(first.secret, through: client)
                #expect(before.status == .ok)
                let cost = try BudgetsAndRateLimitsLiveTests.costOfOneAnswer(config, model: "model-a")
                #expect(try await Self.audit(before, through: client)["team_budgets"] is NSNull)

                // A monthly budget worth four answers and a half, for the whole team: the answer
                // above, spent before the budget existed, counts against it.
                let budget = cost * 4.5
                let set = try await Self.setBudgets("research", #"{"budgets":[{"usd":\#(budget),"period":"month"}]}"#, through: client)
                #expect(set.status == .ok, "\(String(buffer: set.body))")
                let team = try set.json
                #expect(team["team"] as? String == "research")
                #expect(team["updated_by"] as? String == "env:ADMIN_KEY")
                let setSeq = try #require((team["history"] as? [[String: Any]])?.last?["seq"] as? Int)

                // Both keys spend from it; once it is used up, both are refused with the team named.
                var admitted: [TestResponse] = []
                var refused: [TestResponse] = []
                for index in 0..<12 {
                    let response = try await BudgetsAndRateLimitsLiveTests.complete(
                        index % 2 == 0 ? second.secret : first.secret, through: client)
                    if response.status == .ok { admitted.append(response) } else { refused.append(response) }
                }
                #expect(admitted.count >= 1 && admitted.count <= 3)  // reservations are above the real cost
                #expect(refused.count == 12 - admitted.count)
                for response in refused {
                    #expect(response.status == .tooManyRequests)
                    let error = try response.openAIError
                    #expect(error["code"] as? String == "budget_exceeded")
                    #expect((error["message"] as? String)?.hasPrefix("team research has used $") == true)
                    #expect(response.headers[TenantLimits.budgetResetHeader] != nil)
                }
                let stored = try await harness.storedEvents(after: 0)
                let spent = try BudgetsAndRateLimitsLiveTests.recount(stored, keyID: first.id).usd
                    + BudgetsAndRateLimitsLiveTests.recount(stored, keyID: second.id).usd
                #expect(spent <= budget)
                #expect(spent > budget - 2 * cost)

                // The other team is not held by research's budget.
                #expect(try await BudgetsAndRateLimitsLiveTests.complete(other.secret, through: client).status == .ok)

                // /v1/key/info shows the team's budget and what the whole team spent.
                let info = try await client.execute(
                    uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(second.secret)).json
                let teamBudget = try #require((info["budgets"] as? [[String: Any]])?.first { $0["scope"] as? String == "team" })
                #expect(teamBudget["budget_usd"] as? Double == budget)
                #expect(abs((teamBudget["spent_usd"] as? Double ?? -1) - spent) < 1e-9)

                // The audit of an admitted request shows the team budget in force and who set it.
                let firstAdmitted = try #require(admitted.first)
                let inForce = try #require(try await Self.audit(firstAdmitted, through: client)["team_budgets"] as? [String: Any])
                #expect(inForce["seq"] as? Int == setSeq)
                #expect(inForce["by"] as? String == "env:ADMIN_KEY")
                let budgets = try #require(inForce["budgets"] as? [[String: Any]])
                #expect(budgets.count == 1 && budgets[0]["usd"] as? Double == budget && budgets[0]["period"] as? String == "month")
                // The console's audit page says the same, for people.
                var browser = ConsoleBrowser(client: client)
                try await browser.signIn("admin-secret")
                let page = try await browser.get("/console/requests/\(try #require(firstAdmitted.headers[.requestID]))")
                #expect(page.html.contains(
                    "<dt>Team budgets in force</dt><dd>budgets \(LimitNotation.text(Budget(usd: budget, period: .month))) — set at seq \(setSeq) ("))
                #expect(page.html.contains("<dt>Key in force</dt><dd>team research; no budget; expires never — set at seq "))

                // Removing the budget records a second change and admits the team again.
                let cleared = try await Self.setBudgets("research", #"{"budgets":null}"#, through: client)
                #expect(try (cleared.json["history"] as? [Any])?.count == 2)
                #expect(try await BudgetsAndRateLimitsLiveTests.complete(first.secret, through: client).status == .ok)
                let unchanged = try await harness.headSeq()
                _ = try await Self.setBudgets("research", #"{"budgets":[]}"#, through: client)
                #expect(try await harness.headSeq() == unchanged)  // no change, no event

                // The list names every team, with its budgets now.
                let list = try await client.execute(uri: "/admin/teams", method: .get, headers: VirtualKeysLiveTests.admin).json
                let teams = try #require(list["data"] as? [[String: Any]])
                #expect(teams.map { $0["team"] as? String } == ["ops", "research"])
                #expect(teams.map { ($0["budgets"] as? [Any])?.count } == [0, 0])
                #expect(teams[0]["updated_by"] is NSNull)
            }
        }
    }

    @Test func badTeamRequestsAreClearErrorsAndRecordNothing() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try VirtualKeysLiveTests.harness(port: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                let key = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"research"}"#, through: client)
                // The team in the path is percent-decoded.
                let spaced = try await Self.setBudgets("data%20science", #"{"budgets":["1/day"]}"#, through: client)
                #expect(spaced.status == .ok)
                #expect(try spaced.json["team"] as? String == "data science")
                #expect(try await client.execute(uri: "/admin/teams/data%20science", method: .get, headers: VirtualKeysLiveTests.admin)
                    .json["team"] as? String == "data science")
                let head = try await harness.headSeq()
                let cases: [(team: String, body: String, param: String?, message: String?)] = [
                    ("research", #"{"budget":["1/day"]}"#, "budget", nil),
                    ("research", "{}", "budgets", nil),
                    ("research", #"{"budgets":["lots"]}"#, "budgets", nil),
                    ("research", #"{"budgets":"1/day"}"#, "budgets", nil),
                    ("research", #"{"budgets":["1/day","2/day"]}"#, nil, "at most one budget per period (day, month, total)"),
                    ("research", #"{"budgets":[{"usd":-1,"period":"day"}]}"#, nil, "a budget is a positive amount of USD; got -1.0"),
                    (String(repeating: "t", count: 65), #"{"budgets":["1/day"]}"#, nil, "a team is named by 1 to 64 characters"),
                    ("a%0Ab", #"{"budgets":["1/day"]}"#, nil, "a team's name has no control characters"),
                    ("a%ZZb", #"{"budgets":["1/day"]}"#, "team", nil),
                    ("research", "[", nil, nil),
                ]
                for (team, body, param, message) in cases {
                    let response = try await Self.setBudgets(team, body, through: client)
                    #expect(response.status == .badRequest, "\(body)")
                    let error = try response.openAIError
                    #expect(error["type"] as? String == "invalid_request_error", "\(body)")
                    if let param { #expect(error["param"] as? String == param, "\(body)") }
                    if let message { #expect(error["message"] as? String == message, "\(body)") }
                }
                let unknown = try await client.execute(uri: "/admin/teams/nobody", method: .get, headers: VirtualKeysLiveTests.admin)
                #expect(unknown.status == .notFound)
                #expect(try unknown.openAIError["code"] as? String == "team_not_found")
                // A client key cannot set its own team's budget.
                let byClient = try await client.execute(
                    uri: "/admin/teams/research", method: .patch, headers: VirtualKeysLiveTests.bearer(key.secret),
                    body: ByteBuffer(string: #"{"budgets":["1000/day"]}"#))
                #expect(byClient.status == .forbidden)
                #expect(try byClient.openAIError["code"] as? String == "admin_key_required")
                #expect(try await harness.headSeq() == head)
            }
        }
    }

    /// A team budget set from the command line while the gateway serves the same SQLite ledger
    /// holds the team's keys from the gateway's next request.
    @Test func aTeamBudgetSetFromTheCommandLineHoldsAtOnce() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try VirtualKeysLiveTests.harness(port: port)
            defer { harness.removeLedger() }
            let cli = try CommandLineRunner()
            let created = try await cli.run(["keys", "create", "--team", "ops", "--json", "--ledger", harness.ledgerPath])
            let key = try #require(JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
            let secret = try #require(key["key"] as? String)
            try await harness.run { client in
                #expect(try await BudgetsAndRateLimitsLiveTests.complete(secret, through: client).status == .ok)
                // A budget far below one answer: the next request is refused before its upstream call.
                let updated = try await cli.run(
                    ["teams", "update", "ops", "--budget", "0.000001/month", "--ledger", harness.ledgerPath], environment: ["USER": "tester"])
                #expect(updated.status == 0, "\(updated.stderr)")
                #expect(updated.stdout == "ops  1 active key  budget 0.000001/month\n")
                let refused = try await BudgetsAndRateLimitsLiveTests.complete(secret, through: client)
                #expect(refused.status == .tooManyRequests)
                #expect(try refused.openAIError["code"] as? String == "budget_exceeded")
                #expect((try refused.openAIError["message"] as? String)?.hasPrefix("team ops has used") == true)
            }
            // A budget with room: admitted, and `explain` names the team budget in force.
            _ = try await cli.run(["teams", "update", "ops", "--budget", "50/month", "--ledger", harness.ledgerPath], environment: ["USER": "tester"])
            let admittedID = try await harness.run { client in
                let admitted = try await BudgetsAndRateLimitsLiveTests.complete(secret, through: client)
                #expect(admitted.status == .ok)
                return try #require(admitted.headers[.requestID])
            }
            let explained = try await cli.run(["explain", admittedID, "--ledger", harness.ledgerPath])
            let lines = explained.stdout.split(separator: "\n").map(String.init)
            let keyID = try #require(key["id"] as? String)
            #expect(lines.count > 3 && lines[1].hasPrefix("key       \(keyID): team ops; no budget; expires never — set at seq "))
            #expect(lines.count > 3 && lines[2].hasPrefix("team      budgets 50/month — set at seq ") && lines[2].hasSuffix(" by cli:tester"))
            let shown = try await cli.run(["teams", "show", "ops", "--json", "--ledger", harness.ledgerPath])
            let team = try #require(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            #expect(team["updated_by"] as? String == "cli:tester")
            #expect((team["history"] as? [Any])?.count == 2)
            let cleared = try await cli.run(["teams", "update", "ops", "--no-budget", "--ledger", harness.ledgerPath])
            #expect(cleared.stdout == "ops  1 active key  no budget\n")
            let listed = try await cli.run(["teams", "list", "--ledger", harness.ledgerPath])
            #expect(listed.stdout == "ops  1 active key  no budget\n")

            for (arguments, message) in [
                (["teams", "update", "ops"], "give the team's budgets with --budget (repeatable), or --no-budget to remove them"),
                (["teams", "update", "ops", "--budget", "lots"],
                 #"a budget is USD[/day|/month|/total] with a positive amount (10/day, 250/month, 1000); got "lots""#),
                (["teams", "show", "nobody"], "no team nobody: no key names it and no budget was set for it"),
            ] {
                let failed = try await cli.run(arguments + ["--ledger", harness.ledgerPath])
                #expect(failed.status == 1, "\(arguments)")
                #expect(failed.stderr == "routeledger: \(message)\n", "\(arguments)")
            }
        }
    }
}
