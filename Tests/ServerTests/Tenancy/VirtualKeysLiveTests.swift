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

/// Virtual keys on the live gateway: issued, changed and revoked through `/admin/keys` (and the
/// CLI) as `key.*` events holding only the secret's hash; accepted on client routes with their
/// team recorded; refused from the next request once revoked or expired; every bad input a 400,
/// 403, 404 or 409 envelope.
@Suite struct VirtualKeysLiveTests {
    static let admin: HTTPFields = [.contentType: "application/json", .authorization: "Bearer admin-secret"]

    static func bearer(_ secret: String) -> HTTPFields {
        [.contentType: "application/json", .authorization: "Bearer \(secret)"]
    }

    static func harness(port: Int) throws -> GatewayHarness {
        GatewayHarness(
            config: try GatewayHarness.stubConfig(port: port, extra: "auth: {admin_key_env: ADMIN_KEY}"),
            environment: ["ADMIN_KEY": "admin-secret"])
    }

    @Test func anIssuedKeyIsAcceptedWithItsTeamAndTagsRecordedAndTheLedgerKeepsOnlyItsHash() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(port: port)
            defer { harness.removeLedger() }
            let (secret, keyID, requestID) = try await harness.run { client in
                // No key issued yet and no client key configured: client routes are open.
                #expect(try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt).status == .ok)

                let created = try await client.execute(
                    uri: "/admin/keys", method: .post, headers: Self.admin,
                    body: ByteBuffer(string: #"{"team":"research","name":"notebook","budgets":["10/day",{"usd":250,"period":"month"}],"rpm":60}"#))
                #expect(created.status == .created)
                let key = try created.json
                let secret = try #require(key["key"] as? String)
                let keyID = try #require(key["id"] as? String)
                #expect(secret.hasPrefix("sk-rl-") && secret.count == 6 + 64)
                #expect(keyID.hasPrefix("key_"))
                #expect(key["team"] as? String == "research")
                #expect(key["status"] as? String == "active")
                #expect(key["rpm"] as? Int == 60)
                #expect(key["created_by"] as? String == "env:ADMIN_KEY")
                let budgets = try #require(key["budgets"] as? [[String: Any]])
                #expect(budgets.map { "\($0["usd"] as? Double ?? -1)/\($0["period"] as? String ?? "")" } == ["10.0/day", "250.0/month"])

                // Issuing a key closed client routes to keyless callers.
                let keyless = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
                #expect(keyless.status == .unauthorized)
                #expect(try keyless.openAIError["code"] as? String == "invalid_api_key")

                var headers = Self.bearer(secret)
                headers[RequestTags.headerName] = "nightly, eval-run"
                let served = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi"}],"user":"alice","metadata":{"tenant_id":"acme"}}"#))
                #expect(served.status == .ok)
                let requestID = try #require(served.headers[.requestID])

                // The listing never shows a secret; a virtual key is no admin key.
                let listing = try await client.execute(uri: "/admin/keys", method: .get, headers: Self.admin)
                #expect(listing.status == .ok)
                #expect(!String(buffer: listing.body).contains(secret))
                #expect(try (listing.json["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [keyID])
                let asVirtualKey = try await client.execute(uri: "/admin/keys", method: .get, headers: Self.bearer(secret))
                #expect(asVirtualKey.status == .forbidden)
                return (secret, keyID, requestID)
            }
            let received = try #require(try await harness.events(of: requestID).first)
            guard case .requestReceived(let payload) = received else { Issue.record("not request.received"); return }
            #expect(payload.apiKeyID == keyID)
            #expect(payload.team == "research")
            #expect(payload.user == "alice")
            #expect(payload.tags == ["eval-run", "nightly", "tenant_id:acme"])

            let keyEvents = try await harness.storedEvents(ofType: .keyCreated)
            #expect(keyEvents.count == 1)
            #expect(keyEvents.first?.requestID == KeyDirectory.requestID)
            guard case .keyCreated(let created)? = try keyEvents.first?.decoded() else { Issue.record("no key.created"); return }
            #expect(created.secretSHA256 == KeyDirectory.hash(secret))
            #expect(try await harness.allPayloads().allSatisfy { !$0.contains(secret) && !$0.contains(String(secret.dropFirst(6))) })
        }
    }

    @Test func aChangedKeyKeepsItsHistoryAndARevokedOrExpiredKeyIsRefusedFromTheNextRequest() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(port: port)
            defer { harness.removeLedger() }
            try await harness.run { client in
                func create(_ body: String) async throws -> (secret: String, id: String) {
                    let response = try await client.execute(uri: "/admin/keys", method: .post, headers: Self.admin, body: ByteBuffer(string: body))
                    #expect(response.status == .created, "\(String(buffer: response.body))")
                    let json = try response.json
                    return (try #require(json["key"] as? String), try #require(json["id"] as? String))
                }
                func complete(_ secret: String) async throws -> TestResponse {
                    try await client.execute(
                        uri: "/v1/chat/completions", method: .post, headers: Self.bearer(secret),
                        body: ByteBuffer(string: ChatCompletionsLiveTests.simplePrompt))
                }
                let key = try await create(#"{"team":"a","rpm":5}"#)
                let before = try await complete(key.secret)
                #expect(before.status == .ok)

                let changed = try await client.execute(
                    uri: "/admin/keys/\(key.id)", method: .patch, headers: Self.admin,
                    body: ByteBuffer(string: #"{"team":"b","rpm":null,"tpm":1000,"expires_in":"30d"}"#))
                #expect(changed.status == .ok)
                let json = try changed.json
                #expect(json["team"] as? String == "b")
                #expect(json["rpm"] is NSNull)
                #expect(json["tpm"] as? Int == 1_000)
                let expires = try #require((json["expires_at"] as? String).flatMap(RecordTimestamp.parse))
                let thirtyDays: Int64 = 30 * 86_400_000
                #expect(abs(expires - UnixTime.nowMilliseconds() - thirtyDays) < 60_000)
                let history = try #require(json["history"] as? [[String: Any]])
                #expect(history.map { $0["team"] as? String } == ["a", "b"])
                #expect(history.map { $0["rpm"] as? Int } == [5, nil])

                let after = try await complete(key.secret)
                #expect(after.status == .ok)
                // Each request's audit shows the key's settings in force when it was received.
                for (response, team, rpm) in [(before, "a", 5 as Int?), (after, "b", nil)] {
                    let id = try #require(response.headers[.requestID])
                    let audit = try await client.execute(uri: "/v1/requests/\(id)", method: .get, headers: Self.admin).json
                    let inForce = try #require(audit["key"] as? [String: Any])
                    #expect(inForce["id"] as? String == key.id)
                    #expect(inForce["team"] as? String == team)
                    #expect(inForce["rpm"] as? Int == rpm)
                    #expect(inForce["set_by"] as? String == "env:ADMIN_KEY")
                }
                let revoked = try await client.execute(uri: "/admin/keys/\(key.id)", method: .delete, headers: Self.admin)
                #expect(revoked.status == .ok)
                #expect(try revoked.json["status"] as? String == "revoked")
                #expect(try revoked.json["revoked_by"] as? String == "env:ADMIN_KEY")
                let refused = try await complete(key.secret)
                #expect(refused.status == .unauthorized)
                #expect(try refused.openAIError["code"] as? String == "key_revoked")
                #expect(try refused.openAIError["message"] as? String ?? "" == "this API key (\(key.id)) was revoked at "
                    + (try revoked.json["revoked_at"] as? String ?? "?"))
                let again = try await client.execute(uri: "/admin/keys/\(key.id)", method: .delete, headers: Self.admin)
                #expect(again.status == .conflict)
                #expect(try again.openAIError["code"] as? String == "key_revoked")

                let expired = try await create(#"{"team":"a","expires_at":"2020-01-01T00:00:00Z"}"#)
                let refusedExpired = try await complete(expired.secret)
                #expect(refusedExpired.status == .unauthorized)
                #expect(try refusedExpired.openAIError["code"] as? String == "key_expired")
                #expect(try refusedExpired.openAIError["message"] as? String
                    == "this API key (\(expired.id)) expired at 2020-01-01T00:00:00.000Z")
                let unknown = try await complete("sk-rl-" + String(repeating: "0", count: 64))
                #expect(unknown.status == .unauthorized)
                #expect(try unknown.openAIError["code"] as? String == "invalid_api_key")
            }
        }
    }

    @Test func badKeyRequestsAreClearErrorsAndRecordNothing() async throws {
        let harness = try Self.harness(port: 9)
        defer { harness.removeLedger() }
        try await harness.run { client in
            let head = try await harness.headSeq()
            let cases: [(body: String, param: String?)] = [
                (#"{"name":"no team"}"#, "team"),
                (#"{"team":"a","colour":"red"}"#, "colour"),
                (#"{"team":"a","budgets":["ten/day"]}"#, "budgets"),
                (#"{"team":"a","budgets":[{"usd":5,"period":"week"}]}"#, "budgets"),
                (#"{"team":"a","rpm":0}"#, "rpm"),
                (#"{"team":"a","tpm":1.5}"#, "tpm"),
                (#"{"team":"a","expires_in":"soon"}"#, "expires_in"),
                (#"{"team":"a","expires_at":"2020-01-01","expires_in":"1d"}"#, "expires_in"),
                ("[1]", nil),
            ]
            for (body, param) in cases {
                let response = try await client.execute(uri: "/admin/keys", method: .post, headers: Self.admin, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.openAIError["type"] as? String == "invalid_request_error", "\(body)")
                if let param { #expect(try response.openAIError["param"] as? String == param, "\(body)") }
            }
            let twoDaily = try await client.execute(
                uri: "/admin/keys", method: .post, headers: Self.admin, body: ByteBuffer(string: #"{"team":"a","budgets":["1/day","2/day"]}"#))
            #expect(twoDaily.status == .badRequest)
            #expect(try twoDaily.openAIError["message"] as? String == "at most one budget per period (day, month, total)")
            let missing = try await client.execute(
                uri: "/admin/keys/key_nope", method: .patch, headers: Self.admin, body: ByteBuffer(string: #"{"rpm":3}"#))
            #expect(missing.status == .notFound)
            #expect(try missing.openAIError["code"] as? String == "key_not_found")
            #expect(try await client.execute(uri: "/admin/keys/key_nope", method: .get, headers: Self.admin).status == .notFound)
            let anonymous = try await client.execute(uri: "/admin/keys", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(try await harness.headSeq() == head)
        }
    }

    @Test func tagsOutOfBoundsAreA400NamingTheField() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                func send(_ body: String, tags: String? = nil) async throws -> TestResponse {
                    var headers: HTTPFields = [.contentType: "application/json"]
                    if let tags { headers[RequestTags.headerName] = tags }
                    return try await client.execute(uri: "/v1/chat/completions", method: .post, headers: headers, body: ByteBuffer(string: body))
                }
                let prompt = #""messages":[{"role":"user","content":"hi"}]"#
                let seventeen = (1...17).map { "t\($0)" }.joined(separator: ",")
                let longTag = String(repeating: "x", count: RequestTags.maxHeaderTagLength + 1)
                let cases: [(body: String, tags: String?, param: String)] = [
                    ("{\(prompt)}", seventeen, "x-routeledger-tags"),
                    ("{\(prompt)}", longTag, "x-routeledger-tags"),
                    (#"{\#(prompt),"metadata":{"n":1}}"#, nil, "metadata.n"),
                    (#"{\#(prompt),"metadata":["a"]}"#, nil, "metadata"),
                    ("{\(prompt),\"metadata\":{" + (1...17).map { "\"k\($0)\":\"v\"" }.joined(separator: ",") + "}}", nil, "metadata"),
                ]
                for (body, tags, param) in cases {
                    let response = try await send(body, tags: tags)
                    #expect(response.status == .badRequest, "\(body) \(tags ?? "")")
                    #expect(try response.openAIError["param"] as? String == param, "\(body) \(tags ?? "")")
                }
                let sixteen = (1...16).map { "t\($0)" }.joined(separator: ",")
                let accepted = try await send("{\(prompt)}", tags: sixteen)
                #expect(accepted.status == .ok)
                let requestID = try #require(accepted.headers[.requestID])
                guard case .requestReceived(let received)? = try await harness.events(of: requestID).first else {
                    Issue.record("no request.received")
                    return
                }
                #expect(received.tags == (1...16).map { "t\($0)" }.sorted())
                #expect(received.team == nil)
            }
        }
    }

    /// A key revoked from the command line while the gateway serves the same SQLite ledger is
    /// refused from the gateway's next request.
    @Test func aKeyRevokedFromTheCommandLineIsRefusedAtOnce() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = try Self.harness(port: port)
            defer { harness.removeLedger() }
            let cli = try CommandLineRunner()
            let created = try await cli.run(
                ["keys", "create", "--team", "ops", "--json", "--ledger", harness.ledgerPath], environment: ["USER": "tester"])
            #expect(created.status == 0, "\(created.stderr)")
            let key = try #require(JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
            let secret = try #require(key["key"] as? String)
            let keyID = try #require(key["id"] as? String)
            #expect(key["created_by"] as? String == "cli:tester")
            let updated = try await cli.run(
                ["keys", "update", keyID, "--name", "ci", "--budget", "3/day", "--rpm", "9", "--ledger", harness.ledgerPath])
            #expect(updated.status == 0, "\(updated.stderr)")
            #expect(updated.stdout == "\(keyID)  active  team ops  name ci  budget 3/day  rpm 9\n")
            let shown = try await cli.run(["keys", "show", keyID, "--json", "--ledger", harness.ledgerPath])
            let history = (try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["history"] as? [[String: Any]]
            #expect(history?.map { $0["rpm"] as? Int } == [nil, 9])
            try await harness.run { client in
                func complete() async throws -> TestResponse {
                    try await client.execute(
                        uri: "/v1/chat/completions", method: .post, headers: Self.bearer(secret),
                        body: ByteBuffer(string: ChatCompletionsLiveTests.simplePrompt))
                }
                #expect(try await complete().status == .ok)
                let revoked = try await cli.run(["keys", "revoke", keyID, "--ledger", harness.ledgerPath])
                #expect(revoked.status == 0, "\(revoked.stderr)")
                #expect(revoked.stdout.hasPrefix("\(keyID)  revoked  team ops  name ci"))
                let refused = try await complete()
                #expect(refused.status == .unauthorized)
                #expect(try refused.openAIError["code"] as? String == "key_revoked")
            }
            let listed = try await cli.run(["keys", "list", "--ledger", harness.ledgerPath])
            #expect(listed.stdout == "\(keyID)  revoked  team ops  name ci  budget 3/day  rpm 9\n")
            let twice = try await cli.run(["keys", "revoke", keyID, "--ledger", harness.ledgerPath])
            #expect(twice.status == 1)
            #expect(twice.stderr == "routeledger: the key \(keyID) is revoked\n")
            let badBudget = try await cli.run(["keys", "create", "--team", "ops", "--budget", "lots", "--ledger", harness.ledgerPath])
            #expect(badBudget.status == 1)
            #expect(badBudget.stderr.hasPrefix("routeledger: a budget is USD[/day|/month|/total]"))
            let unknown = try await cli.run(["keys", "show", "key_nope", "--ledger", harness.ledgerPath])
            #expect(unknown.status == 1)
            #expect(unknown.stderr == "routeledger: no key key_nope in the ledger\n")
        }
    }
}
