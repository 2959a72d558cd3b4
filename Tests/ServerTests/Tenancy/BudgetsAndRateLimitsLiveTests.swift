import Analytics
import AsyncHTTPClient
import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import NIOCore
import NIOHTTP1
import PostgresTestSupport
import Router
import Testing

@testable import Server

/// Budgets and rate limits on live gateways: reserved before the upstream call and settled from
/// real usage, so a concurrent burst never spends past a budget — on one SQLite gateway and across
/// three replicas of one PostgreSQL ledger; requests per minute admitted exactly; refusals are 429
/// envelopes with `budget_exceeded` and the reset time, or `Retry-After`.
@Suite struct BudgetsAndRateLimitsLiveTests {
    /// A prompt of a few dozen tokens; requests ask for at most the stub's 5 completion tokens, so
    /// a reservation is close to (never below) the real cost.
    static let prompt = #"{"messages":[{"role":"user","content":"Summarize in one word: the quick brown fox jumps over the lazy dog while the cat watches from the warm windowsill."}],"max_tokens":5}"#

    static func config(port: Int) throws -> RouteledgerConfig {
        try GatewayHarness.stubConfig(port: port, extra: "auth: {admin_key_env: ADMIN_KEY}")
    }

    /// Issues a key through `client` and returns its secret and id.
    static func issue(_ body: String, through client: some TestClientProtocol) async throws -> (secret: String, id: String) {
        let response = try await client.execute(
            uri: "/admin/keys", method: .post, headers: VirtualKeysLiveTests.admin, body: ByteBuffer(string: body))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let json = try response.json
        return (try #require(json["key"] as? String), try #require(json["id"] as? String))
    }

    static func complete(_ secret: String, through client: some TestClientProtocol, body: String = prompt) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: VirtualKeysLiveTests.bearer(secret), body: ByteBuffer(string: body))
    }

    /// The cost of one answer: the stub's usage at the model that answers the prompt.
    static func costOfOneAnswer(_ config: RouteledgerConfig, model: String) throws -> Double {
        let definition = try #require(config.catalog.model(named: model))
        return TokenPrices(inputPer1K: definition.inputPricePer1K, outputPer1K: definition.outputPricePer1K)
            .cost(inputTokens: UpstreamStub.promptTokens, outputTokens: UpstreamStub.completionTokens)
    }

    /// The spend of `keyID` recounted from the stored events: completions of requests it sent.
    static func recount(_ stored: [StoredEvent], keyID: String) throws -> (requests: Int, usd: Double) {
        var ofKey = Set<String>()
        var requests = 0
        var usd = 0.0
        for event in stored {
            switch try event.decoded() {
            case .requestReceived(let received) where received.apiKeyID == keyID: ofKey.insert(event.requestID)
            case .completionSucceeded(let completion) where ofKey.contains(event.requestID):
                requests += 1
                usd += completion.costUSD
            default: break
            }
        }
        return (requests, usd)
    }

    /// One answer of a burst.
    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: String

        var errorCode: String? {
            let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            return (json?["error"] as? [String: Any])?["code"] as? String
        }
    }

    /// Sends `count` requests at once, on connections of their own (the test client pipelines its
    /// requests on one connection, one after the other), spread over the gateways at `ports`.
    static func burst(_ count: Int, secret: String, over clients: [any TestClientProtocol], body: String = prompt) async throws -> [Answer] {
        let ports = try clients.map { try #require($0.port) }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: count)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for index in 0..<count {
                    let port = ports[index % ports.count]
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
                        request.method = .POST
                        request.headers.add(name: "content-type", value: "application/json")
                        request.headers.add(name: "authorization", value: "Bearer \(secret)")
                        request.body = .bytes(ByteBuffer(string: body))
                        let response = try await http.execute(request, timeout: .seconds(120))
                        let bytes = try await response.body.collect(upTo: 1 << 20)
                        return Answer(status: response.status, headers: response.headers, body: String(buffer: bytes))
                    }
                }
                var all: [Answer] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            try await http.shutdown()
            return answers
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// Checks a burst against a budget of `budget` USD: spend (recounted from the ledger, and as
    /// `/v1/key/info` reports it) within it, every refusal a 429 `budget_exceeded` envelope.
    static func checkBurst(
        _ responses: [Answer], budget: Double, keyID: String, stored: [StoredEvent], info: [String: Any]
    ) throws {
        let admitted = responses.filter { $0.status == .ok }
        let refused = responses.filter { $0.status != .ok }
        #expect(admitted.count >= 1)
        #expect(!refused.isEmpty)
        for response in refused {
            #expect(response.status == .tooManyRequests)
            #expect(response.errorCode == "budget_exceeded")
            #expect(response.headers.first(name: TenantLimits.budgetResetHeader.rawName) != nil)
            let retryAfter = response.headers.first(name: "retry-after").flatMap { Int($0) } ?? 0
            #expect(retryAfter >= 1 && retryAfter <= 31 * 86_400)
        }
        let recount = try recount(stored, keyID: keyID)
        #expect(recount.requests == admitted.count)
        #expect(recount.usd <= budget + 1e-9)
        let budgets = try #require(info["budgets"] as? [[String: Any]])
        let spent = try #require(budgets.first?["spent_usd"] as? Double)
        #expect(abs(spent - recount.usd) < 1e-9)
        #expect(budgets.first?["reserved_usd"] as? Double == 0)
    }

    @Test func aBurstOf200AgainstABudgetWorth50NeverSpendsPastIt() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let config = try Self.config(port: port)
            let harness = GatewayHarness(config: config, environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            let cost = try Self.costOfOneAnswer(config, model: "model-a")
            let budget = cost * 50
            try await harness.run { client in
                let key = try await Self.issue(#"{"team":"burst","budgets":[{"usd":\#(budget),"period":"day"}]}"#, through: client)
                let responses = try await Self.burst(200, secret: key.secret, over: [client])
                let info = try await client.execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(key.secret))
                #expect(info.status == .ok)
                try Self.checkBurst(
                    responses, budget: budget, keyID: key.id, stored: try await harness.storedEvents(after: 0), info: try info.json)
                // Nothing left once the budget is spent down: the next request is refused at once.
                let json = try info.json
                let remaining = try #require((json["budgets"] as? [[String: Any]])?.first?["remaining_usd"] as? Double)
                if remaining < cost {
                    #expect(try await Self.complete(key.secret, through: client).status == .tooManyRequests)
                }
            }
        }
    }

    @Test func requestsAndTokensPerMinuteAreAdmittedExactlyAndRefusalsSayWhenToComeBack() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try Self.config(port: port), environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            try await harness.run { client in
                let limited = try await Self.issue(#"{"team":"rate","rpm":10}"#, through: client)
                var statuses: [Int] = []
                for _ in 0..<25 {
                    let response = try await Self.complete(limited.secret, through: client)
                    statuses.append(Int(response.status.code))
                    if response.status == .tooManyRequests {
                        #expect(try response.openAIError["code"] as? String == "rate_limit_exceeded")
                        #expect(try response.openAIError["type"] as? String == "requests")
                        let retryAfter = try #require(response.headers[.retryAfter].flatMap(Int.init))
                        #expect(retryAfter >= 1 && retryAfter <= 60)
                    }
                }
                #expect(statuses.filter { $0 == 200 } .count == 10)
                #expect(statuses.prefix(10).allSatisfy { $0 == 200 })
                let info = try await client.execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(limited.secret))
                let window = try #require(try info.json["last_minute"] as? [String: Any])
                #expect(window["requests"] as? Int == 10)
                // Settled with the real usage: the stub's 11 + 5 tokens per request.
                #expect(window["tokens"] as? Int == 10 * (UpstreamStub.promptTokens + UpstreamStub.completionTokens))

                // A token limit smaller than one prompt: refused, with no time that would help.
                let tiny = try await Self.issue(#"{"team":"rate","tpm":3}"#, through: client)
                let refused = try await Self.complete(tiny.secret, through: client)
                #expect(refused.status == .tooManyRequests)
                #expect(try refused.openAIError["type"] as? String == "tokens")
                #expect(refused.headers[.retryAfter] == nil)
                // Room for one request's tokens a minute: the second waits. The window counts a
                // prompt as the gateway counts it until the request settles with its real usage.
                let one = try await Self.issue(#"{"team":"rate","tpm":100000}"#, through: client)
                let first = try await Self.complete(one.secret, through: client)
                #expect(first.status == .ok)
                guard case .requestReceived(let received)? = try await harness.events(of: try #require(first.headers[.requestID])).first
                else {
                    Issue.record("no request.received")
                    return
                }
                let prompt = received.estimatedPromptTokens
                let settled = UpstreamStub.promptTokens + UpstreamStub.completionTokens
                let patched = try await client.execute(
                    uri: "/admin/keys/\(one.id)", method: .patch, headers: VirtualKeysLiveTests.admin,
                    body: ByteBuffer(string: #"{"tpm":\#(prompt + settled - 1)}"#))
                #expect(patched.status == .ok)
                let second = try await Self.complete(one.secret, through: client)
                #expect(second.status == .tooManyRequests)
                #expect(try second.openAIError["type"] as? String == "tokens")
                #expect(second.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 && $0 <= 60 } == true)
                let oneInfo = try await client.execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(one.secret))
                #expect((try oneInfo.json["last_minute"] as? [String: Any])?["tokens"] as? Int == settled)
            }
        }
    }

    @Test func aStreamWithoutAUsageChunkIsChargedByTheTokenizersCount() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let config = try Self.config(port: port)
            let harness = GatewayHarness(config: config, environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            try await harness.run { client in
                let key = try await Self.issue(#"{"team":"stream","budgets":["1/total"]}"#, through: client)
                stub.queue(.answerWithoutUsage, for: "upstream-a")
                let body = #"{"model":"model-a","stream":true,"messages":[{"role":"user","content":"Hi there"}]}"#
                let streamed = try await Self.complete(key.secret, through: client, body: body)
                #expect(streamed.status == .ok)
                #expect(String(buffer: streamed.body).hasSuffix("data: [DONE]\n\n"))
                let requestID = try #require(streamed.headers[.requestID])
                guard case .completionSucceeded(let completion)? = try await harness.events(of: requestID).last else {
                    Issue.record("no completion")
                    return
                }
                #expect(completion.tokenSource == "estimated")
                let model = try #require(config.catalog.model(named: "model-a"))
                #expect(completion.outputTokens == Tokenizer.shared(model.encoding).count(UpstreamStub.unmeteredText))
                #expect(completion.costUSD > 0)
                let info = try await client.execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(key.secret))
                let budget = try #require((try info.json["budgets"] as? [[String: Any]])?.first)
                #expect(budget["spent_usd"] as? Double == completion.costUSD)
                #expect(budget["reserved_usd"] as? Double == 0)
                #expect(budget["resets_at"] is NSNull)
            }
        }
    }

    @Test func aGatewayThatRestartsKnowsWhatEachKeySpent() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let config = try Self.config(port: port)
            let harness = GatewayHarness(config: config, environment: ["ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            let cost = try Self.costOfOneAnswer(config, model: "model-a")
            let key = try await harness.run { client in
                let key = try await Self.issue(#"{"team":"restart","budgets":["1/month"]}"#, through: client)
                for _ in 0..<3 { #expect(try await Self.complete(key.secret, through: client).status == .ok) }
                return key
            }
            try await harness.run { client in
                let info = try await client.execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(key.secret))
                let budget = try #require((try info.json["budgets"] as? [[String: Any]])?.first)
                #expect(abs((budget["spent_usd"] as? Double ?? 0) - 3 * cost) < 1e-12)
                // A budget of exactly what was spent: the restarted gateway refuses the next request.
                let patched = try await client.execute(
                    uri: "/admin/keys/\(key.id)", method: .patch, headers: VirtualKeysLiveTests.admin,
                    body: ByteBuffer(string: #"{"budgets":[{"usd":\#(3 * cost),"period":"month"}]}"#))
                #expect(patched.status == .ok)
                let refused = try await Self.complete(key.secret, through: client)
                #expect(refused.status == .tooManyRequests)
                #expect(try refused.openAIError["code"] as? String == "budget_exceeded")
            }
        }
    }

    // MARK: - Three replicas on one PostgreSQL ledger

    private func withThreeReplicas(
        of stub: UpstreamStub,
        _ body: @escaping @Sendable (RouteledgerConfig, GatewayHarness, [any TestClientProtocol]) async throws -> Void
    ) async throws {
        try await TestDatabase.with { url in
            try await stub.run { port in
                let config = try Self.config(port: port)
                let replicas = (0..<3).map { _ in
                    GatewayHarness(config: config, databaseURL: url, environment: ["ADMIN_KEY": "admin-secret"])
                }
                defer { replicas.forEach { $0.removeLedger() } }
                try await replicas[0].run { first in
                    try await replicas[1].run { second in
                        try await replicas[2].run { third in
                            try await body(config, replicas[0], [first, second, third])
                        }
                    }
                }
            }
        }
    }

    @Test func threeReplicasAdmitExactlyTheRateAndSpendWithinTheBudgetAndRefuseARevokedKeyAtOnce() async throws {
        try await withThreeReplicas(of: UpstreamStub()) { config, first, clients in
            // rpm 10, 60 requests spread over the three replicas within the minute: exactly 10.
            let limited = try await Self.issue(#"{"team":"shared","rpm":10}"#, through: clients[0])
            let responses = try await Self.burst(60, secret: limited.secret, over: clients)
            #expect(responses.filter { $0.status == .ok }.count == 10)
            for refused in responses where refused.status != .ok {
                #expect(refused.status == .tooManyRequests)
                #expect(refused.errorCode == "rate_limit_exceeded")
                #expect(refused.headers.first(name: "retry-after") != nil)
            }

            // The budget burst, spread over the three replicas.
            let cost = try Self.costOfOneAnswer(config, model: "model-a")
            let budget = cost * 50
            let key = try await Self.issue(#"{"team":"shared","budgets":[{"usd":\#(budget),"period":"month"}]}"#, through: clients[1])
            let burst = try await Self.burst(200, secret: key.secret, over: clients)
            let info = try await clients[2].execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(key.secret))
            #expect(info.status == .ok)
            try Self.checkBurst(burst, budget: budget, keyID: key.id, stored: try await first.storedEvents(after: 0), info: try info.json)

            // Revoked through one replica: refused by the others from their next request.
            let revocable = try await Self.issue(#"{"team":"shared"}"#, through: clients[0])
            for client in clients { #expect(try await Self.complete(revocable.secret, through: client).status == .ok) }
            let revoked = try await clients[0].execute(
                uri: "/admin/keys/\(revocable.id)", method: .delete, headers: VirtualKeysLiveTests.admin)
            #expect(revoked.status == .ok)
            for client in clients.reversed() {
                let refused = try await Self.complete(revocable.secret, through: client)
                #expect(refused.status == .unauthorized)
                #expect(try refused.openAIError["code"] as? String == "key_revoked")
            }
            // An expired key is refused on every replica too.
            let expired = try await Self.issue(#"{"team":"shared","expires_at":"2021-06-01T00:00:00Z"}"#, through: clients[2])
            for client in clients {
                #expect(try await Self.complete(expired.secret, through: client).openAIError["code"] as? String == "key_expired")
            }

            // A team budget set through one replica counts what the team spent before it existed,
            // on every replica: half an answer left, so each replica refuses the team's next request.
            let stored = try await first.storedEvents(after: 0)
            let teamSpent = try [limited.id, key.id, revocable.id].map { try Self.recount(stored, keyID: $0).usd }.reduce(0, +)
            let teamBudget = try await clients[1].execute(
                uri: "/admin/teams/shared", method: .patch, headers: VirtualKeysLiveTests.admin,
                body: ByteBuffer(string: #"{"budgets":[{"usd":\#(teamSpent + cost / 2),"period":"total"}]}"#))
            #expect(teamBudget.status == .ok)
            let member = try await Self.issue(#"{"team":"shared"}"#, through: clients[0])
            for client in clients {
                let refused = try await Self.complete(member.secret, through: client)
                #expect(refused.status == .tooManyRequests)
                #expect((try refused.openAIError["message"] as? String)?.hasPrefix("team shared has used ") == true)
            }
            let memberInfo = try await clients[2].execute(uri: "/v1/key/info", method: .get, headers: VirtualKeysLiveTests.bearer(member.secret)).json
            let teamUse = try #require((memberInfo["budgets"] as? [[String: Any]])?.first { $0["scope"] as? String == "team" })
            #expect(abs((teamUse["spent_usd"] as? Double ?? -1) - teamSpent) < 1e-9)
        }
    }
}
