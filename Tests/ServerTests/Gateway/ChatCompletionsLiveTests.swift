import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

@testable import Server

/// `/v1/chat/completions` on a live gateway in front of the upstream stub: answers, routing,
/// failover and the ledger record of each request.
@Suite struct ChatCompletionsLiveTests {
    static let simplePrompt = #"{"messages":[{"role":"user","content":"Hi there"}]}"#

    private func post(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await client.execute(uri: "/v1/chat/completions", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func answersWithTheUpstreamBodyPlusRoutingAndRecordsExactlyThatRequest() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(
                config: try GatewayHarness.stubConfig(port: port), environment: ["STUB_PROVIDER_KEY": "sk-stub-secret"])
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await post(client, Self.simplePrompt)
                #expect(response.status == .ok)
                let requestID = try #require(response.headers[.requestID])
                let json = try response.json
                let choices = try #require(json["choices"] as? [[String: Any]])
                let message = try #require(choices.first?["message"] as? [String: Any])
                #expect(message["content"] as? String == UpstreamStub.answerText)
                let routing = try #require(json["routing"] as? [String: Any])
                #expect(routing["request_id"] as? String == requestID)
                #expect(routing["strategy"] as? String == "complexity")
                #expect(routing["tier"] as? String == "simple")
                #expect(routing["model"] as? String == "model-a")
                #expect(routing["provider"] as? String == "primary")
                #expect((routing["reason"] as? String)?.hasSuffix("→ simple → model-a") == true)

                // Forwarded unchanged but for the model, with the provider's key.
                let received = try #require(stub.received.last)
                #expect(received.model == "upstream-a")
                #expect(received.authorization == "Bearer sk-stub-secret")
                let forwarded = try #require(received.body?["messages"] as? [[String: Any]])
                #expect(forwarded.first?["content"] as? String == "Hi there")

                let events = try await harness.events(of: requestID)
                #expect(events.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded])
                guard case .completionSucceeded(let completion) = events.last else { return }
                #expect(completion.model == "model-a")
                #expect(completion.inputTokens == UpstreamStub.promptTokens)
                #expect(completion.outputTokens == UpstreamStub.completionTokens)
                #expect(completion.tokenSource == "provider")
                #expect(completion.responseText == UpstreamStub.answerText)
                #expect(abs(completion.costUSD - (11.0 / 1_000 * 0.001 + 5.0 / 1_000 * 0.002)) < 1e-12)
            }
        }
    }

    @Test func unknownFieldsAreForwardedAndTheModelIsReplaced() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let body = #"{"model":"model-b","messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}],"#
                    + #""seed":42,"stop":["\n"],"tools":[{"type":"function","function":{"name":"f"}}],"x_custom":{"keep":true}}"#
                let response = try await post(client, body)
                #expect(response.status == .ok)
                let forwarded = try #require(stub.received.last?.body)
                #expect(forwarded["model"] as? String == "upstream-b")
                #expect(forwarded["seed"] as? Int == 42)
                #expect(forwarded["stop"] as? [String] == ["\n"])
                #expect((forwarded["x_custom"] as? [String: Any])?["keep"] as? Bool == true)
                #expect((forwarded["tools"] as? [[String: Any]])?.count == 1)
                let routing = try #require(try response.json["routing"] as? [String: Any])
                #expect(routing["strategy"] as? String == "user-specified")
            }
        }
    }

    @Test func failsOverAfter500sAndRecordsEveryFailedAttempt() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(503), for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await post(client, Self.simplePrompt)
                #expect(response.status == .ok)
                let routing = try #require(try response.json["routing"] as? [String: Any])
                #expect(routing["chosen_model"] as? String == "model-a")
                #expect(routing["model"] as? String == "model-b")
                #expect(routing["fallback_used"] as? Bool == true)
                #expect(routing["attempts"] as? Int == 3)
                #expect(stub.received.map(\.model) == ["upstream-a", "upstream-a", "upstream-b"])

                let requestID = try #require(response.headers[.requestID])
                let events = try await harness.events(of: requestID)
                #expect(events.map(\.type) == [
                    .requestReceived, .routingDecided, .upstreamFailed, .upstreamFailed, .completionSucceeded,
                ])
                if case .upstreamFailed(let first) = events[2], case .upstreamFailed(let second) = events[3] {
                    #expect(first.status == 500 && second.status == 503)
                    #expect(first.attempt == 1 && second.attempt == 2)
                    #expect(first.provider == "primary")
                }
            }
        }
    }

    @Test(arguments: [UpstreamStub.Behaviour.malformedJSON, .noChoices])
    func aTwoHundredThatIsNoAnswerIsAMalformedFailureAndFailsOver(behaviour: UpstreamStub.Behaviour) async throws {
        let stub = UpstreamStub()
        stub.queue(behaviour, behaviour, for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await post(client, Self.simplePrompt)
                #expect(response.status == .ok)
                let routing = try #require(try response.json["routing"] as? [String: Any])
                #expect(routing["model"] as? String == "model-b")
                let events = try await harness.events(of: try #require(response.headers[.requestID]))
                let failures = events.compactMap { event -> UpstreamFailed? in
                    if case .upstreamFailed(let failed) = event { return failed } else { return nil }
                }
                #expect(failures.map(\.errorClass) == ["malformed", "malformed"])
                #expect(failures.map(\.status) == [200, 200])
            }
        }
    }

    @Test func everyAttemptFailingIs502AndCompletionFailed() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-a")
        stub.queue(.status(502), .status(502), for: "upstream-b")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await post(client, Self.simplePrompt)
                #expect(response.status == .badGateway)
                let error = try response.openAIError
                #expect(error["type"] as? String == "api_error")
                #expect(error["code"] as? String == "upstream_failed")
                let requestID = try #require(response.headers[.requestID])
                let events = try await harness.events(of: requestID)
                #expect(events.map(\.type) == [
                    .requestReceived, .routingDecided, .upstreamFailed, .upstreamFailed, .upstreamFailed,
                    .upstreamFailed, .completionFailed,
                ])
                if case .completionFailed(let failed) = events.last {
                    #expect(failed.status == 502)
                    #expect(failed.attempts == 4)
                }
            }
        }
    }

    @Test func aTimeoutIsRetriedElsewhereAndATimeoutEverywhereIs504() async throws {
        let stub = UpstreamStub()
        // A timeout of 2.5 s against answers 6 s late: wide enough that the prompt answer of
        // upstream-b still comes in time while the whole suite (PostgreSQL's tests included) runs
        // on two cores.
        stub.queue(.delay(milliseconds: 6_000), for: "upstream-a")
        stub.queue(.delay(milliseconds: 6_000), for: "upstream-c")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port, retries: 0, timeoutMs: 2_500))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let recovered = try await post(client, Self.simplePrompt)
                #expect(recovered.status == .ok)
                #expect(stub.received.map(\.model) == ["upstream-a", "upstream-b"])

                // model-c is alone in the complex group with no fallbacks configured.
                let timedOut = try await post(client, #"{"model":"model-c","messages":[{"role":"user","content":"x"}]}"#)
                #expect(timedOut.status == .gatewayTimeout)
                #expect(try timedOut.openAIError["code"] as? String == "upstream_timeout")
                let events = try await harness.events(of: try #require(timedOut.headers[.requestID]))
                if case .upstreamFailed(let failure) = events[2] { #expect(failure.errorClass == "timeout") }
            }
        }
    }

    @Test func anUpstream400IsPassedBackWithoutFailover() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(400), for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await post(client, Self.simplePrompt)
                #expect(response.status == .badRequest)
                #expect(stub.received.count == 1)
                #expect((try response.openAIError["message"] as? String)?.contains("stub failure 400") == true)
            }
        }
    }
}
