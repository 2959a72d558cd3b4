import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing
@testable import Server

/// A provider's circuit breaker on the live gateway: it opens after `failure_threshold` failures in
/// a row, the provider is then skipped, and after the cooldown one probe closes it again.
@Suite struct CircuitBreakerLiveTests {
    private func chat(_ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
    }

    /// `primary`'s entry in `/status`.
    private func primaryStatus(_ client: some TestClientProtocol) async throws -> [String: Any] {
        let status = try await client.execute(uri: "/status", method: .get)
        let providers = try #require(try status.json["providers"] as? [[String: Any]])
        return try #require(providers.first { $0["name"] as? String == "primary" })
    }

    @Test func opensAfterTheThresholdSkipsTheProviderAndRecoversAfterTheCooldown() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-a")
        let clock = ManualClock()
        try await stub.run { port in
            var harness = GatewayHarness(config: try GatewayHarness.stubConfig(
                port: port, extra: "  breaker: {failure_threshold: 2, cooldown_ms: 10000}", retries: 0))
            harness.breakerClock = { clock.now }
            defer { harness.removeLedger() }
            try await harness.run { [harness] client in
                // Two failures in a row on primary, each answered by backup: the breaker opens.
                var opening: TestResponse?
                for _ in 0..<2 {
                    opening = try await chat(client)
                    #expect(opening?.status == .ok)
                }
                #expect(stub.received.map(\.model) == ["upstream-a", "upstream-b", "upstream-a", "upstream-b"])
                var primary = try await primaryStatus(client)
                #expect(primary["breaker"] as? String == "open")
                #expect(primary["errors"] as? Int == 2)
                #expect(primary["retry_after_ms"] as? Int == 10_000)

                // While open, primary is not called at all.
                let skipped = try await chat(client)
                #expect(skipped.status == .ok)
                #expect(stub.received.map(\.model).suffix(1) == ["upstream-b"])
                #expect(try skipped.json["routing"].flatMap { $0 as? [String: Any] }?["model"] as? String == "model-b")

                // The ledger says why: the second failure's request moved the breaker (traffic), and
                // the skipping request names that move.
                let openingID = try #require(opening?.headers[.requestID])
                let opened = try #require(try await harness.eventually(of: openingID) { events in
                    events.lazy.compactMap { event -> ProviderBreakerChanged? in
                        if case .providerBreakerChanged(let change) = event { change } else { nil }
                    }.first
                })
                #expect(opened.provider == "primary" && opened.from == "closed" && opened.to == "open")
                #expect(opened.cause == .traffic && opened.errorClass == "status 500" && opened.consecutiveFailures == 2)
                let openedID = try await harness.storedEvents(of: openingID).first { $0.type == .providerBreakerChanged }?.eventID
                let skippedEvents = try await harness.events(of: try #require(skipped.headers[.requestID]))
                #expect(skippedEvents.map(\.type) == [.requestReceived, .routingDecided, .upstreamSkipped, .completionSucceeded])
                if case .upstreamSkipped(let skip) = skippedEvents[2] {
                    #expect(skip.provider == "primary" && skip.model == "model-a" && skip.reason == "circuit_open")
                    #expect(skip.breakerCause == "traffic" && skip.errorClass == "status 500")
                    #expect(skip.breakerEventID == openedID?.uuidString.lowercased())
                }

                clock.advance(by: .milliseconds(9_999))
                #expect(try await primaryStatus(client)["breaker"] as? String == "open")
                _ = try await chat(client)
                #expect(stub.received.map(\.model).suffix(1) == ["upstream-b"])

                // After the cooldown one probe goes to primary; it succeeds and closes the breaker.
                clock.advance(by: .milliseconds(1))
                #expect(try await primaryStatus(client)["breaker"] as? String == "half_open")
                let probe = try await chat(client)
                #expect(probe.status == .ok)
                #expect(stub.received.map(\.model).suffix(1) == ["upstream-a"])
                primary = try await primaryStatus(client)
                #expect(primary["breaker"] as? String == "closed")
                #expect(primary["consecutive_failures"] as? Int == 0)
                // The probe request moved it twice: open → half_open when it took the trial call,
                // half_open → closed when that call answered.
                let probeID = try #require(probe.headers[.requestID])
                let moves = try #require(try await harness.eventually(of: probeID) { events -> [String]? in
                    let moves = events.compactMap { event -> String? in
                        if case .providerBreakerChanged(let change) = event { "\(change.from)→\(change.to)" } else { nil }
                    }
                    return moves.count == 2 ? moves : nil
                })
                #expect(moves == ["open→half_open", "half_open→closed"])
            }
        }
    }
}
