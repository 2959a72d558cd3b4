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

/// Attribution on the live gateway: requests of keys in two teams, tagged by `metadata` and the
/// `x-routeledger-tags` header, with `user` fields — `/stats` by team, by tag and by user, and
/// one tag's filter, equal a recount of the ledger's own events; the CLI answers the same.
@Suite struct AttributionLiveTests {
    @Test func statsByTeamTagAndUserEqualAnIndependentRecount() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(
                config: try BudgetsAndRateLimitsLiveTests.config(port: port), environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            let served = try await harness.run { client in
                let research = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"research"}"#, through: client)
                let other = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"research"}"#, through: client)
                let ops = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"ops"}"#, through: client)
                let keys = [research.secret, other.secret, ops.secret]
                for index in 0..<24 {
                    var headers = VirtualKeysLiveTests.bearer(keys[index % 3])
                    if index % 4 == 0 { headers[RequestTags.headerName] = "nightly" }
                    let tenant = ["acme", "globex"][index % 2]
                    let user = index % 5 == 0 ? "" : #","user":"u\#(index % 3)""#
                    let model = index % 3 == 0 ? #""model":"model-c","# : ""
                    let body = #"{\#(model)"messages":[{"role":"user","content":"Hi \#(index)"}],"metadata":{"tenant_id":"\#(tenant)"}\#(user)}"#
                    let response = try await client.execute(
                        uri: "/v1/chat/completions", method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect(response.status == .ok)
                }
                var answers: [String: String] = [:]
                for (name, body) in [("replay team=ops", #"{"model":"model-b","team":"ops"}"#),
                                     ("replay tag=nightly", #"{"model":"model-b","tag":"nightly"}"#),
                                     ("replay user=u1", #"{"model":"model-b","user":"u1"}"#)] {
                    let response = try await client.execute(
                        uri: "/v1/replay", method: .post, headers: VirtualKeysLiveTests.admin, body: ByteBuffer(string: body))
                    #expect(response.status == .ok, "\(name)")
                    answers[name] = String(buffer: response.body)
                }
                for query in ["group_by=team", "group_by=tag", "group_by=user", "group_by=key", "tag=nightly", "team=ops&model=model-c"] {
                    let response = try await client.execute(uri: "/stats?\(query)", method: .get, headers: VirtualKeysLiveTests.admin)
                    #expect(response.status == .ok, "\(query)")
                    answers[query] = String(buffer: response.body)
                }
                // /stats/raw by team: every page by cursor, the total from the rollups.
                var rawIDs: [String] = []
                var cursor: String?
                var total = -1
                repeat {
                    let uri = "/stats/raw?team=research&limit=5" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try await client.execute(uri: uri, method: .get, headers: VirtualKeysLiveTests.admin).json
                    total = page["total"] as? Int ?? -1
                    let records = try #require(page["records"] as? [[String: Any]])
                    #expect(records.count <= 5)
                    rawIDs += records.compactMap { $0["request_id"] as? String }
                    cursor = page["next_cursor"] as? String
                } while cursor != nil && rawIDs.count < 100
                answers["raw team=research"] = rawIDs.joined(separator: ",") + "|\(total)"
                for uri in ["/stats/raw?team=research&offset=5", "/stats/raw?team=research&tag=nightly", "/stats/raw?team=ops&cursor=rl1-bad"] {
                    let refused = try await client.execute(uri: uri, method: .get, headers: VirtualKeysLiveTests.admin)
                    #expect(refused.status == .badRequest, "\(uri)")
                }
                let bad = try await client.execute(uri: "/stats?group_by=colour", method: .get, headers: VirtualKeysLiveTests.admin)
                #expect(bad.status == .badRequest)
                #expect(try bad.openAIError["param"] as? String == "group_by")
                let two = try await client.execute(uri: "/stats?team=ops&tag=nightly", method: .get, headers: VirtualKeysLiveTests.admin)
                #expect(two.status == .badRequest)
                return answers
            }
            let stored = try await harness.storedEvents(after: 0)
            func recount(_ attribute: (RequestReceived) -> [String], model: String? = nil) throws -> [String: (calls: Int, usd: Double)] {
                var received: [String: RequestReceived] = [:]
                var groups: [String: (calls: Int, usd: Double)] = [:]
                for event in stored {
                    switch try event.decoded() {
                    case .requestReceived(let payload): received[event.requestID] = payload
                    case .completionSucceeded(let completion):
                        guard let request = received[event.requestID], model == nil || completion.model == model else { continue }
                        for value in Set(attribute(request)) {
                            groups[value, default: (0, 0)].calls += 1
                            groups[value, default: (0, 0)].usd += completion.costUSD
                        }
                    default: break
                    }
                }
                return groups
            }
            func figures(_ body: String?) -> [String: (calls: Int, usd: Double)] {
                let answer = body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                var groups: [String: (calls: Int, usd: Double)] = [:]
                for group in answer?["groups"] as? [[String: Any]] ?? [] {
                    groups[group["value"] as? String ?? "?"] = (group["total_calls"] as? Int ?? -1, group["total_cost_usd"] as? Double ?? -1)
                }
                return groups
            }
            func same(_ found: [String: (calls: Int, usd: Double)], _ expected: [String: (calls: Int, usd: Double)], _ label: String) {
                #expect(Set(found.keys) == Set(expected.keys), "\(label)")
                for (value, figures) in expected {
                    #expect(found[value]?.calls == figures.calls, "\(label) \(value)")
                    #expect(abs((found[value]?.usd ?? -1) - (figures.usd * 1e6).rounded() / 1e6) < 1e-9, "\(label) \(value)")
                }
            }
            let byTeam = try recount { $0.team.map { [$0] } ?? [] }
            #expect(byTeam.keys.sorted() == ["ops", "research"])
            same(figures(served["group_by=team"]), byTeam, "team")
            let byTag = try recount(\.tags)
            #expect(byTag.keys.sorted() == ["nightly", "tenant_id:acme", "tenant_id:globex"])
            same(figures(served["group_by=tag"]), byTag, "tag")
            same(figures(served["group_by=user"]), try recount { $0.user.map { [$0] } ?? [] }, "user")
            same(figures(served["group_by=key"]), try recount { $0.apiKeyID.map { [$0] } ?? [] }, "key")
            same(figures(served["tag=nightly"]), try recount(\.tags).filter { $0.key == "nightly" }, "tag=nightly")
            same(
                figures(served["team=ops&model=model-c"]),
                try recount({ $0.team.map { [$0] } ?? [] }, model: "model-c").filter { $0.key == "ops" }, "team=ops&model=model-c")

            // /stats/raw by team walked every request of the team once, newest first.
            let raw = try #require(served["raw team=research"]).split(separator: "|")
            var researchIDs: [String] = []
            var received: [String: RequestReceived] = [:]
            for event in stored {
                if case .requestReceived(let payload) = try event.decoded() { received[event.requestID] = payload }
                if case .completionSucceeded = try event.decoded(), received[event.requestID]?.team == "research" {
                    researchIDs.append(event.requestID)
                }
            }
            #expect(raw[0].split(separator: ",").map(String.init) == researchIDs.reversed())
            #expect(Int(raw[1]) == researchIDs.count)

            // Replay selects the same requests: each group's count.
            func selected(_ name: String) -> Int? {
                let answer = served[name].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                return (answer?["requests"] as? [String: Any])?["selected"] as? Int
            }
            #expect(selected("replay team=ops") == byTeam["ops"]?.calls)
            #expect(selected("replay tag=nightly") == byTag["nightly"]?.calls)
            #expect(selected("replay user=u1") == (try recount { $0.user.map { [$0] } ?? [] })["u1"]?.calls)

            let cli = try CommandLineRunner()
            let printed = try await cli.run(["stats", "--group-by", "team", "--json", "--ledger", harness.ledgerPath])
            #expect(printed.status == 0, "\(printed.stderr)")
            same(figures(printed.stdout), byTeam, "cli team")
            let wrong = try await cli.run(["stats", "--team", "ops", "--tag", "nightly", "--ledger", harness.ledgerPath])
            #expect(wrong.status == 1)
            #expect(wrong.stderr == "routeledger: filter by one of key, team, tag and user at a time\n")
        }
    }
}
