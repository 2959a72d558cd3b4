import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Router
import Testing

@testable import Server

/// The `latency` strategy on the live gateway reads the latencies the gateway observed, and the
/// decision records them and the prompt fingerprint, so it can be replayed.
@Suite struct LatencyRoutingLiveTests {
    private func chat(_ client: some TestClientProtocol, model: String?) async throws -> TestResponse {
        let modelField = model.map { #""model":"\#($0)","# } ?? ""
        return try await client.chatCompletion(#"{\#(modelField)"messages":[{"role":"user","content":"Hi there"}]}"#)
    }

    @Test func picksTheFasterObservedModelOfTheTierAndRecordsTheSnapshotAndFingerprint() async throws {
        let stub = UpstreamStub()
        // model-a (upstream-a) answers its first call 1.5 s late; model-b answers at once (well
        // under that even while the whole suite, PostgreSQL's tests included, runs on two cores),
        // and the timeout is 4 s.
        stub.queue(.delay(milliseconds: 1_500), for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port, extra: "  default_strategy: latency", timeoutMs: 4_000))
            defer { harness.removeLedger() }
            try await harness.run { client in
                // With nothing observed, the tier's first model.
                let first = try await chat(client, model: nil)
                #expect(try first.json["routing"].flatMap { $0 as? [String: Any] }?["model"] as? String == "model-a")
                #expect(try await chat(client, model: "model-b").status == .ok)

                let routed = try await chat(client, model: nil)
                let routing = try #require(try routed.json["routing"] as? [String: Any])
                #expect(routing["strategy"] as? String == "latency")
                #expect(routing["model"] as? String == "model-b")

                let events = try await harness.events(of: try #require(routed.headers[.requestID]))
                guard case .routingDecided(let decided) = events[1] else {
                    Issue.record("no routing.decided")
                    return
                }
                let snapshot = try #require(decided.latencySnapshot)
                #expect(Set(snapshot.keys) == ["model-a", "model-b"])
                #expect(try #require(snapshot["model-a"]) >= 1_500)
                #expect(try #require(snapshot["model-b"]) < 1_500)
                let fingerprint = RoutingFeatures.fingerprint(of: [ChatMessage(role: "user", content: "Hi there")])
                #expect(decided.features.promptFingerprint == PromptFeatures.hex(fingerprint))
            }
        }
    }
}
