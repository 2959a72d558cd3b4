import CanonicalJSON
import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Router
import Testing

@testable import Server

/// `POST /v1/embeddings`: forwarded to the named embedding model with failover, recorded, and
/// answered by the simulated provider with the built-in configuration.
@Suite struct EmbeddingsLiveTests {
    private func embed(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/embeddings", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    @Test func isForwardedUnchangedButForTheModelAndRecorded() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await embed(
                    client, #"{"model":"model-e","input":["first text","second"],"encoding_format":"float","x_extra":1}"#)
                #expect(response.status == .ok)
                let json = try response.json
                #expect(json["object"] as? String == "list")
                #expect((json["data"] as? [[String: Any]])?.first?["embedding"] as? [Double] == [0.6, 0.8])
                let forwarded = try #require(stub.received.last?.body)
                #expect(forwarded["model"] as? String == "upstream-e")
                #expect(forwarded["input"] as? [String] == ["first text", "second"])
                #expect(forwarded["x_extra"] as? Int == 1)

                let requestID = try #require(response.headers[.requestID])
                #expect((json["routing"] as? [String: Any])?["request_id"] as? String == requestID)
                let events = try await harness.events(of: requestID)
                #expect(events.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded])
                if case .requestReceived(let received) = events[0] {
                    #expect(received.endpoint == "embeddings")
                    #expect(received.messages == [.string("first text"), .string("second")])
                    #expect(received.params == ["encoding_format": .string("float")])
                    #expect(received.estimatedPromptTokens == Tokenizer.shared(.cl100kBase).count("first text") + 1)
                }
                if case .routingDecided(let decided) = events[1] {
                    #expect(decided.chosenModel == "model-e")
                    #expect(decided.tier == "embedding")
                    #expect(decided.strategy.name == "user-specified")
                    #expect(decided.fallbackPlan == ["model-e2"])
                }
                if case .completionSucceeded(let completion) = events[2] {
                    #expect(completion.model == "model-e")
                    #expect(completion.inputTokens == UpstreamStub.promptTokens)
                    #expect(completion.outputTokens == 0)
                    #expect(completion.tokenSource == "provider")
                    #expect(abs(completion.costUSD - Double(UpstreamStub.promptTokens) / 1_000 * 0.0001) < 1e-15)
                    #expect(completion.responseText == nil)
                }
            }
        }
    }

    @Test func failsOverWithinTheEmbeddingGroup() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-e")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await embed(client, #"{"model":"model-e","input":"hello"}"#)
                #expect(response.status == .ok)
                #expect(stub.received.map(\.model) == ["upstream-e", "upstream-e", "upstream-e2"])
                let events = try await harness.events(of: try #require(response.headers[.requestID]))
                #expect(events.map(\.type) == [
                    .requestReceived, .routingDecided, .upstreamFailed, .upstreamFailed, .completionSucceeded,
                ])
                if case .completionSucceeded(let completion) = events.last { #expect(completion.model == "model-e2") }
            }
        }
    }

    @Test func badRequestsGetTheEnvelopeAndNothingIsForwarded() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let cases: [(body: String, status: HTTPResponse.Status, param: String?, code: String?)] = [
                    (#"{"input":"x"}"#, .badRequest, "model", nil),
                    (#"{"model":"model-e"}"#, .badRequest, "input", nil),
                    (#"{"model":"model-e","input":""}"#, .badRequest, "input", nil),
                    (#"{"model":"model-e","input":[]}"#, .badRequest, "input", nil),
                    (#"{"model":"model-e","input":["a",3.5]}"#, .badRequest, "input[1]", nil),
                    (#"{"model":"model-e","input":{"text":"a"}}"#, .badRequest, "input", nil),
                    (#"{"model":"model-e","input":"a","encoding_format":"int8"}"#, .badRequest, "encoding_format", nil),
                    (#"{"model":"model-e","input":"a","dimensions":0}"#, .badRequest, "dimensions", nil),
                    (#"{"model":"model-a","input":"a"}"#, .badRequest, "model", "model_not_supported"),
                    (#"{"model":"auto","input":"a"}"#, .badRequest, "model", "model_not_supported"),
                    (#"{"model":"nope","input":"a"}"#, .notFound, "model", "model_not_found"),
                    ("[1,2]", .badRequest, nil, nil),
                ]
                for (body, status, param, code) in cases {
                    let response = try await embed(client, body)
                    #expect(response.status == status, "\(body)")
                    let error = try response.openAIError
                    #expect(error["param"] as? String == param, "\(body)")
                    if let code { #expect(error["code"] as? String == code, "\(body)") }
                }
                // An embedding model cannot answer chat completions.
                let chat = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"model":"model-e","messages":[{"role":"user","content":"hi"}]}"#))
                #expect(chat.status == .badRequest)
                #expect(try chat.openAIError["code"] as? String == "model_not_supported")
                #expect(stub.received.isEmpty)
            }
        }
    }

    /// The `embedding` values of a built-in (simulated) embeddings answer for `input`, 8 dimensions.
    private func embeddings(_ client: some TestClientProtocol, _ input: String, format: String) async throws -> [Any] {
        let response = try await embed(
            client, #"{"model":"text-embedding-3-small","input":\#(input),"dimensions":8,"encoding_format":"\#(format)"}"#)
        #expect(response.status == .ok)
        let usage = try #require(try response.json["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int != nil)
        let data = try #require(try response.json["data"] as? [[String: Any]])
        return data.compactMap { $0["embedding"] }
    }

    /// Little-endian float32 values.
    private func float32s(_ bytes: Data) -> [Double] {
        let raw = [UInt8](bytes)
        return stride(from: 0, to: raw.count, by: 4).map { offset in
            let pattern = UInt32(raw[offset]) | UInt32(raw[offset + 1]) << 8 | UInt32(raw[offset + 2]) << 16
                | UInt32(raw[offset + 3]) << 24
            return Double(Float(bitPattern: pattern))
        }
    }

    @Test func theSimulatedProviderGivesDeterministicUnitVectorsAsFloatsOrBase64() async throws {
        let harness = GatewayHarness(config: .builtIn)
        defer { harness.removeLedger() }
        try await harness.run { client in
            let vectors = try await embeddings(client, #"["the sea", [1, 2, 3], "the sea"]"#, format: "float")
                .compactMap { $0 as? [Double] }
            #expect(vectors.count == 3)
            #expect(vectors.allSatisfy { $0.count == 8 })
            for vector in vectors {
                let norm = vector.reduce(0.0) { $0 + $1 * $1 }
                #expect(abs(norm - 1) < 1e-5)
            }
            #expect(vectors[0] == vectors[2])
            #expect(vectors[0] != vectors[1])

            // An answer too large to build is refused as the request's fault, with the sizes named.
            let inputs = "[" + (0..<200).map { "\"text \($0)\"" }.joined(separator: ",") + "]"
            let tooLarge = try await embed(
                client, #"{"model":"text-embedding-3-small","input":\#(inputs),"dimensions":8192}"#)
            #expect(tooLarge.status == .badRequest)
            #expect((try tooLarge.openAIError["message"] as? String)?.contains("200 inputs × 8192 dimensions") == true)

            let encoded = try #require(try await embeddings(client, #""the sea""#, format: "base64").first as? String)
            let bytes = try #require(Data(base64Encoded: encoded))
            #expect(bytes.count == 8 * 4)
            // The same float32 values, sent as decimals and as bytes.
            #expect(float32s(bytes).map(Float.init) == vectors[0].map(Float.init))
        }
    }
}
