import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import PostgresTestSupport
import Testing
@testable import Server

/// Two gateways built by `buildApplication` on one PostgreSQL ledger (each with its own
/// projections file), as replicas behind a load balancer run: what one records, the other
/// reports, audits and acts on.
@Suite struct SharedLedgerLiveTests {
    /// `/stats` of `client` once its projection has folded the ledger through `seq`.
    private func stats(_ client: some TestClientProtocol, through seq: Int64) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let stats = try await client.execute(uri: "/stats", method: .get).json
            if (stats["through_seq"] as? Int).map(Int64.init) ?? 0 >= seq || ContinuousClock.now > deadline { return stats }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Two gateways on one fresh database, both in front of `stub` with the stub config and
    /// `extra`: `body` gets each one's harness and a client of its server. Their projection files
    /// are removed afterwards.
    private func withTwoReplicas(
        of stub: UpstreamStub, extra: String = "", retries: Int = 1,
        _ body: @escaping @Sendable (GatewayHarness, any TestClientProtocol, GatewayHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.with { url in
            try await stub.run { port in
                let config = try GatewayHarness.stubConfig(port: port, extra: extra, retries: retries)
                let first = GatewayHarness(config: config, databaseURL: url)
                let second = GatewayHarness(config: config, databaseURL: url)
                defer {
                    first.removeLedger()
                    second.removeLedger()
                }
                try await first.run { firstClient in
                    try await second.run { secondClient in
                        try await body(first, firstClient, second, secondClient)
                    }
                }
            }
        }
    }

    @Test func bothReplicasRecordOneChainAndAnswerTheSameStatsRawPagesAndAudits() async throws {
        try await withTwoReplicas(of: UpstreamStub()) { first, firstClient, second, secondClient in
            var servedBy: [(id: String, replica: Int)] = []
            for index in 0..<8 {
                let client: any TestClientProtocol = index.isMultiple(of: 2) ? firstClient : secondClient
                let response = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
                #expect(response.status == .ok)
                servedBy.append((try #require(response.headers[.requestID]), index % 2))
            }
            // One chain, no gap, no fork: both replicas' appends interleave in one seq order.
            let events = try await first.allEvents()
            let head = try await first.headSeq()
            #expect(Int64(events.count) == head)
            let succeeded = events.filter { if case .completionSucceeded = $0 { true } else { false } }.count
            #expect(succeeded == 8)

            let firstStats = try await stats(firstClient, through: head)
            let secondStats = try await stats(secondClient, through: head)
            #expect(firstStats["through_seq"] as? Int == Int(head))
            #expect(secondStats["through_seq"] as? Int == Int(head))
            #expect(firstStats["total_calls"] as? Int == succeeded)
            for key in ["total_calls", "total_cost_usd", "input_tokens", "output_tokens", "failed_calls"] {
                #expect("\(firstStats[key] ?? "nil")" == "\(secondStats[key] ?? "nil")", "\(key) differs")
            }
            #expect(
                (firstStats["model_distribution"] as? [String: Int]) == (secondStats["model_distribution"] as? [String: Int]))

            // A request served by one replica is audited by the other, event for event.
            let (requestID, _) = try #require(servedBy.first { $0.replica == 0 })
            let fromFirst = try await firstClient.execute(uri: "/v1/requests/\(requestID)", method: .get)
            let fromSecond = try await secondClient.execute(uri: "/v1/requests/\(requestID)", method: .get)
            #expect(fromFirst.status == .ok)
            #expect(fromSecond.status == .ok)
            let hashes = { (audit: [String: Any]) in
                (audit["events"] as? [[String: Any]])?.compactMap { $0["hash"] as? String } ?? []
            }
            #expect(hashes(try fromFirst.json).count == 3) // received, decided, succeeded
            #expect(hashes(try fromFirst.json) == hashes(try fromSecond.json))

            // Raw pages list the same requests, newest first.
            let firstRaw = try await firstClient.execute(uri: "/stats/raw?limit=20", method: .get).json
            let secondRaw = try await secondClient.execute(uri: "/stats/raw?limit=20", method: .get).json
            let ids = { (page: [String: Any]) in
                (page["records"] as? [[String: Any]])?.compactMap { $0["request_id"] as? String } ?? []
            }
            #expect(Set(ids(firstRaw)) == Set(servedBy.map(\.id)))
            #expect(ids(firstRaw) == ids(secondRaw))
        }
    }

    @Test func aBreakerOpenedThroughOneReplicaIsHonouredByTheOther() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-a")
        try await withTwoReplicas(
            of: stub, extra: "  breaker: {failure_threshold: 2, cooldown_ms: 30000}", retries: 0
        ) { first, firstClient, second, secondClient in
            // Two failures in a row through the first replica open its breaker of primary.
            for _ in 0..<2 {
                #expect(try await firstClient.chatCompletion(ChatCompletionsLiveTests.simplePrompt).status == .ok)
            }
            let opened = try #require(try await first.eventuallyInLedger { events in
                events.lazy.compactMap { event -> ProviderBreakerChanged? in
                    if case .providerBreakerChanged(let change) = event, change.to == "open" { change } else { nil }
                }.first
            })
            #expect(opened.provider == "primary")
            let openingEvent = try #require(try await first.storedEvents(ofType: .providerBreakerChanged).first)

            // The second replica never saw primary fail, yet shows its breaker open…
            let deadline = ContinuousClock.now + .seconds(10)
            var phase: String?
            while ContinuousClock.now < deadline {
                let status = try await secondClient.execute(uri: "/status", method: .get).json
                let providers = status["providers"] as? [[String: Any]] ?? []
                phase = providers.first { $0["name"] as? String == "primary" }?["breaker"] as? String
                if phase == "open" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(phase == "open")

            // …and skips it: its request goes straight to backup, and its ledger record
            // names the first replica's event as the reason.
            let calledBefore = stub.received.count
            let skipping = try await secondClient.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
            #expect(skipping.status == .ok)
            #expect(stub.received.dropFirst(calledBefore).map(\.model) == ["upstream-b"])
            let skippingID = try #require(skipping.headers[.requestID])
            let skipped = try #require(try await second.eventually(of: skippingID) { events in
                events.lazy.compactMap { event -> UpstreamSkipped? in
                    if case .upstreamSkipped(let skip) = event { skip } else { nil }
                }.first
            })
            #expect(skipped.provider == "primary")
            #expect(skipped.breakerEventID == openingEvent.eventID.uuidString.lowercased())
            // Only the first replica recorded a move: the second applied it, it did not repeat it.
            #expect(try await second.storedEvents(ofType: .providerBreakerChanged).count == 1)
        }
    }
}
