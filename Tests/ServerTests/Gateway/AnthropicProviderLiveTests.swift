import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Router
import Testing

@testable import Server

/// A `kind: anthropic` provider through the live gateway, against the local Anthropic stub (which
/// refuses any request not shaped as the Messages API documents), with an OpenAI-kind provider on
/// the OpenAI stub as the fallback group.
@Suite struct AnthropicProviderLiveTests {
    static let upstreamModel = "claude-stub"

    /// `claude-sonnet` (anthropic, group quality, complex) falls back to `fast-model` (openai).
    private func config(anthropicPort: Int, openAIPort: Int) throws -> RouteledgerConfig {
        try RouteledgerConfig.parse(yaml: """
            providers:
              - {name: claude, kind: anthropic, base_url: "http://127.0.0.1:\(anthropicPort)/v1", api_key_env: ANTHROPIC_STUB_KEY, priority: 1, timeout_ms: 2000, default_max_tokens: 512}
              - {name: openai-fast, kind: openai, base_url: "http://127.0.0.1:\(openAIPort)/v1", priority: 2, timeout_ms: 2000}
            models:
              - {name: claude-sonnet, provider: claude, upstream_model: \(Self.upstreamModel), tier: complex, group: quality, input_price_per_1k: 0.003, output_price_per_1k: 0.015}
              - {name: fast-model, provider: openai-fast, upstream_model: upstream-a, tier: simple, group: fast, input_price_per_1k: 0.0001, output_price_per_1k: 0.0002}
              - {name: mid-model, provider: openai-fast, upstream_model: upstream-m, tier: medium, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
            fallbacks: {quality: [fast]}
            routing:
              retries: {count: 0, backoff_ms: 0}
            """, file: "anthropic.yaml")
    }

    /// Runs both stubs and the gateway in front of them.
    private func withGateway(
        _ body: @Sendable (AnthropicStub, UpstreamStub, GatewayHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let anthropic = AnthropicStub()
        let openAI = UpstreamStub()
        try await anthropic.run { anthropicPort in
            try await openAI.run { openAIPort in
                let harness = GatewayHarness(
                    config: try config(anthropicPort: anthropicPort, openAIPort: openAIPort),
                    environment: ["ANTHROPIC_STUB_KEY": AnthropicStub.apiKey])
                defer { harness.removeLedger() }
                try await harness.run { client in try await body(anthropic, openAI, harness, client) }
            }
        }
    }

    private func sseData(_ response: TestResponse) -> [String] {
        String(buffer: response.body).components(separatedBy: "\n\n").compactMap { event in
            event.hasPrefix("data: ") ? String(event.dropFirst(6)) : nil
        }
    }

    private func chunks(_ response: TestResponse) throws -> [[String: Any]] {
        try sseData(response).filter { $0 != "[DONE]" }.map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    private func deltas(_ chunks: [[String: Any]]) -> [[String: Any]] {
        chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]) }
    }

    private func finishReasons(_ chunks: [[String: Any]]) -> [String] {
        chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String) }
    }

    @Test func anAnswerIsTranslatedBothWaysAndRecordedWithAnthropicsUsage() async throws {
        try await withGateway { anthropic, _, harness, client in
            let response = try await client.chatCompletion("""
                {"model":"claude-sonnet","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}],
                 "temperature":1.5,"stop":"END","user":"alice"}
                """)
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["object"] as? String == "chat.completion")
            let choice = try #require((json["choices"] as? [[String: Any]])?.first)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == AnthropicStub.answerText)
            #expect(choice["finish_reason"] as? String == "stop")
            let usage = try #require(json["usage"] as? [String: Any])
            let prompt = AnthropicStub.inputTokens + AnthropicStub.cacheReadTokens
            #expect(usage["prompt_tokens"] as? Int == prompt)
            #expect(usage["completion_tokens"] as? Int == AnthropicStub.outputTokens)
            #expect((json["routing"] as? [String: Any])?["provider"] as? String == "claude")

            // What Anthropic received: its headers and its body shape.
            let received = try #require(anthropic.received.last)
            #expect(received.path == "/v1/messages")
            #expect(received.headers["x-api-key"] == AnthropicStub.apiKey)
            #expect(received.headers["anthropic-version"] == "2023-06-01")
            #expect(received.headers["authorization"] == nil)
            let body = try #require(received.body)
            #expect(body["model"] as? String == Self.upstreamModel)
            #expect(body["max_tokens"] as? Int == 512)
            #expect(body["temperature"] as? Double == 1)
            #expect(body["stop_sequences"] as? [String] == ["END"])
            #expect((body["metadata"] as? [String: Any])?["user_id"] as? String == "alice")
            #expect((body["system"] as? [[String: Any]])?.first?["text"] as? String == "Be brief.")

            let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
            #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded])
            guard case .completionSucceeded(let completion) = recorded.last else { return }
            #expect(completion.provider == "claude")
            #expect(completion.inputTokens == prompt)
            #expect(completion.outputTokens == AnthropicStub.outputTokens)
            #expect(completion.tokenSource == "provider")
            #expect(completion.responseText == AnthropicStub.answerText)
            #expect(abs(completion.costUSD - (Double(prompt) * 0.003 + Double(AnthropicStub.outputTokens) * 0.015) / 1_000) < 1e-12)
        }
    }

    @Test func toolsImagesAndToolResultsReachAnthropicAsItsBlocksAndToolUseComesBackAsToolCalls() async throws {
        try await withGateway { anthropic, _, _, client in
            anthropic.queue(.toolUse, for: Self.upstreamModel)
            let response = try await client.chatCompletion("""
                {"model":"claude-sonnet","messages":[
                  {"role":"user","content":[{"type":"text","text":"Weather here?"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_0","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lyon\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_0","content":"rain"},
                  {"role":"user","content":"And in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
                 "tool_choice":"required"}
                """)
            #expect(response.status == .ok)
            let choice = try #require((try response.json["choices"] as? [[String: Any]])?.first)
            #expect(choice["finish_reason"] as? String == "tool_calls")
            let message = try #require(choice["message"] as? [String: Any])
            #expect(message["content"] as? String == "Let me look.")
            let call = try #require((message["tool_calls"] as? [[String: Any]])?.first)
            #expect(call["id"] as? String == "toolu_stub1")
            let function = try #require(call["function"] as? [String: Any])
            #expect(function["name"] as? String == "get_weather")
            let arguments = try #require(function["arguments"] as? String)
            #expect(try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as? [String: String] == ["city": "Paris"])

            let body = try #require(anthropic.received.last?.body)
            let messages = try #require(body["messages"] as? [[String: Any]])
            #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user"])
            let image = try #require((messages[0]["content"] as? [[String: Any]])?.last?["source"] as? [String: Any])
            #expect(image["media_type"] as? String == "image/jpeg")
            let toolUse = try #require((messages[1]["content"] as? [[String: Any]])?.first)
            #expect(toolUse["type"] as? String == "tool_use")
            #expect(toolUse["input"] as? [String: String] == ["city": "Lyon"])
            let lastTurn = try #require(messages[2]["content"] as? [[String: Any]])
            #expect(lastTurn.map { $0["type"] as? String } == ["tool_result", "text"])
            #expect(lastTurn.first?["tool_use_id"] as? String == "call_0")
            #expect((body["tool_choice"] as? [String: Any])?["type"] as? String == "any")
            #expect((body["tools"] as? [[String: Any]])?.first?["input_schema"] != nil)
        }
    }

    @Test func aStreamIsRelayedAsChatCompletionChunksAndChargedFromAnthropicsUsage() async throws {
        try await withGateway { anthropic, _, harness, client in
            let response = try await client.chatCompletion("""
                {"model":"claude-sonnet","messages":[{"role":"user","content":"Say hello"}],"stream":true,"stream_options":{"include_usage":true}}
                """)
            #expect(response.status == .ok)
            #expect(sseData(response).last == "[DONE]")
            let chunks = try chunks(response)
            #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
            #expect(chunks.first?["routing"] != nil)
            #expect(deltas(chunks).first?["role"] as? String == "assistant")
            #expect(deltas(chunks).compactMap { $0["content"] as? String }.joined() == AnthropicStub.answerText)
            #expect(finishReasons(chunks) == ["stop"])
            let usage = try #require(chunks.last?["usage"] as? [String: Any])
            let prompt = AnthropicStub.inputTokens + AnthropicStub.cacheReadTokens
            #expect(usage["prompt_tokens"] as? Int == prompt)
            #expect(usage["completion_tokens"] as? Int == AnthropicStub.outputTokens)
            #expect(anthropic.received.last?.body?["stream"] as? Bool == true)

            let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
            guard case .completionSucceeded(let completion) = recorded.last else {
                Issue.record("expected completion.succeeded, got \(recorded.map(\.type))")
                return
            }
            #expect(completion.inputTokens == prompt)
            #expect(completion.outputTokens == AnthropicStub.outputTokens)
            #expect(completion.tokenSource == "provider")
            #expect(completion.finishReason == "stop")
            #expect(completion.responseText == AnthropicStub.answerText)
        }
    }

    @Test func aStreamedToolUseArrivesAsToolCallDeltas() async throws {
        try await withGateway { anthropic, _, _, client in
            anthropic.queue(.toolUse, for: Self.upstreamModel)
            let response = try await client.chatCompletion("""
                {"model":"claude-sonnet","messages":[{"role":"user","content":"Weather?"}],"stream":true,
                 "tools":[{"type":"function","function":{"name":"get_weather"}}]}
                """)
            let chunks = try chunks(response)
            let calls = deltas(chunks).compactMap { ($0["tool_calls"] as? [[String: Any]])?.first }
            #expect(calls.first?["id"] as? String == "toolu_stub1")
            #expect((calls.first?["function"] as? [String: Any])?["name"] as? String == "get_weather")
            #expect(calls.allSatisfy { $0["index"] as? Int == 0 })
            let arguments = calls.compactMap { ($0["function"] as? [String: Any])?["arguments"] as? String }.joined()
            #expect(arguments == #"{"city": "Paris"}"#)
            #expect(finishReasons(chunks) == ["tool_calls"])
            // The client did not ask for usage: no usage chunk.
            #expect(chunks.allSatisfy { $0["usage"] == nil })
        }
    }

    @Test(arguments: [
        (AnthropicStub.Behaviour.status(529, type: "overloaded_error"), "status", 529),
        (.status(429, type: "rate_limit_error"), "status", 429),
        (.status(500, type: "api_error"), "status", 500),
        (.malformedJSON, "malformed", 200),
        (.noContent, "malformed", 200),
    ])
    func retryableFailuresFailOverToTheFallbackGroupAndAreRecorded(
        behaviour: AnthropicStub.Behaviour, errorClass: String, status: Int
    ) async throws {
        try await withGateway { anthropic, openAI, harness, client in
            anthropic.queue(behaviour, for: Self.upstreamModel)
            let response = try await client.chatCompletion(#"{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == .ok)
            let routing = try #require(try response.json["routing"] as? [String: Any])
            #expect(routing["provider"] as? String == "openai-fast")
            #expect(openAI.received.count == 1)
            let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
            #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .upstreamFailed, .completionSucceeded])
            if case .upstreamFailed(let failed) = recorded[2] {
                #expect(failed.provider == "claude")
                #expect(failed.errorClass == errorClass)
                #expect(failed.status == status)
            }
        }
    }

    @Test func anErrorEventBeforeTheStreamStartsFailsOverLikeAnErrorStatus() async throws {
        try await withGateway { anthropic, openAI, harness, client in
            anthropic.queue(.streamErrorFirst, for: Self.upstreamModel)
            let response = try await client.chatCompletion(#"{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}],"stream":true}"#)
            #expect(response.status == .ok)
            let chunks = try chunks(response)
            #expect((chunks.first?["routing"] as? [String: Any])?["provider"] as? String == "openai-fast")
            #expect(deltas(chunks).compactMap { $0["content"] as? String }.joined() == UpstreamStub.answerText)
            #expect(openAI.received.count == 1)
            let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
            let failed = recorded.compactMap { event -> UpstreamFailed? in
                if case .upstreamFailed(let failed) = event { return failed } else { return nil }
            }
            #expect(failed.map(\.status) == [529])
            #expect(failed.first?.message?.contains("overloaded_error") == true)
        }
    }

    @Test(arguments: [
        (400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"), (404, "not_found_error"),
    ])
    func anErrorThatIsTheRequestsFaultReachesTheClientInTheOpenAIEnvelopeWithoutFailover(status: Int, type: String) async throws {
        try await withGateway { anthropic, openAI, _, client in
            anthropic.queue(.status(status, type: type), for: Self.upstreamModel)
            let response = try await client.chatCompletion(#"{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status.code == status)
            let error = try response.openAIError
            #expect(error["type"] as? String == type)
            #expect(error["code"] as? String == "upstream_rejected")
            #expect((error["message"] as? String)?.contains("stub \(type)") == true)
            #expect(openAI.received.isEmpty)
        }
    }

    @Test func aRequestAnthropicCannotTakeIsA400NamingTheFieldAndNeverSent() async throws {
        try await withGateway { anthropic, openAI, _, client in
            let response = try await client.chatCompletion(#"{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}],"n":2}"#)
            #expect(response.status == .badRequest)
            let error = try response.openAIError
            #expect(error["type"] as? String == "invalid_request_error")
            #expect((error["message"] as? String)?.contains("n must be 1") == true)
            #expect(anthropic.received.isEmpty)
            #expect(openAI.received.isEmpty)
        }
    }

    @Test(arguments: [AnthropicStub.Behaviour.cutMidStream, .unknownEvent])
    func aStreamCutOrOffScriptMidWayEndsWithAnErrorEventAndIsRecordedAsFailed(behaviour: AnthropicStub.Behaviour) async throws {
        try await withGateway { anthropic, _, harness, client in
            anthropic.queue(behaviour, for: Self.upstreamModel)
            let response = try await client.chatCompletion(#"{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}],"stream":true}"#)
            #expect(response.status == .ok)
            let data = sseData(response)
            #expect(!data.contains("[DONE]"))
            let lastData = try #require(data.last)
            let last = try #require(JSONSerialization.jsonObject(with: Data(lastData.utf8)) as? [String: Any])
            #expect((last["error"] as? [String: Any])?["code"] as? String == "upstream_stream_failed")
            let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
            #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionFailed])
        }
    }
}
