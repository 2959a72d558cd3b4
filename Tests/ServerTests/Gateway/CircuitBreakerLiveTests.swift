import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
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
            try await harness.run { client in
                // Two failures in a row on primary, each answered by backup: the breaker opens.
                for _ in 0..<2 { #expect(try await chat(client).status == .ok) }
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
            }
        }
    }
}
