import DomainEvents
import Foundation
import HTTPTypes
import HummingbirdTesting
import Router
import Testing

@testable import Server

/// A provider that reports no usage is charged by the serving model's own tokenizer: o200k_base
/// for the GPT-4o family by default or when configured, cl100k_base otherwise.
@Suite struct TokenizerPerModelLiveTests {
    private func config(port: Int) throws -> RouteledgerConfig {
        try RouteledgerConfig.parse(yaml: """
            providers:
              - {name: primary, kind: openai, base_url: "http://127.0.0.1:\(port)/v1", timeout_ms: 2000}
            models:
              - {name: gpt-4o-mini, provider: primary, upstream_model: upstream-o, tier: simple, input_price_per_1k: 0.00015, output_price_per_1k: 0.0006}
              - {name: house-model, provider: primary, upstream_model: upstream-h, tier: medium, tokenizer: o200k_base, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
              - {name: legacy-model, provider: primary, upstream_model: upstream-l, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.03}
            routing:
              retries: {count: 0, backoff_ms: 0}
            """, file: "tokenizers.yaml")
    }

    private static let prompt = "Résumé of the naïve café — 日本語で説明してください。"

    @Test(arguments: [
        ("gpt-4o-mini", "upstream-o", false, EncodingName.o200kBase),
        ("house-model", "upstream-h", true, .o200kBase),
        ("legacy-model", "upstream-l", false, .cl100kBase),
    ])
    func anUnmeteredAnswerIsCountedWithTheServingModelsTokenizer(
        model: String, upstream: String, stream: Bool, encoding: EncodingName
    ) async throws {
        // The two encodings count these texts differently, so the test tells them apart.
        let messages = [ChatMessage(role: "user", content: Self.prompt)]
        #expect(Tokenizer.shared(.o200kBase).count(UpstreamStub.unmeteredText) != Tokenizer.shared(.cl100kBase).count(UpstreamStub.unmeteredText))
        #expect(Tokenizer.shared(.o200kBase).count(messages: messages) != Tokenizer.shared(.cl100kBase).count(messages: messages))
        let stub = UpstreamStub()
        stub.queue(.answerWithoutUsage, for: upstream)
        try await stub.run { port in
            let harness = GatewayHarness(config: try config(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await client.chatCompletion(
                    #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"\#(Self.prompt)"}]}"#)
                #expect(response.status == .ok)
                let events = try await harness.events(of: try #require(response.headers[.requestID]))
                guard case .completionSucceeded(let completion)? = events.last else {
                    Issue.record("expected completion.succeeded, got \(events.map(\.type))")
                    return
                }
                #expect(completion.tokenSource == "estimated")
                #expect(completion.outputTokens == Tokenizer.shared(encoding).count(UpstreamStub.unmeteredText))
                #expect(completion.inputTokens == Tokenizer.shared(encoding).count(messages: messages))
            }
        }
    }
}
