import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

@testable import Server

/// The `redaction` section keeps prompt and response texts out of the ledger, and the provider's
/// key never reaches it.
@Suite struct RedactionLiveTests {
    static let secretPrompt = "my account number is 4242-SECRET-PROMPT"
    static let providerKey = "sk-provider-key-never-recorded"

    private func exchange(redaction: String) async throws -> (events: [LedgerEvent], payloads: [String]) {
        let stub = UpstreamStub()
        return try await stub.run { port in
            let harness = GatewayHarness(
                config: try GatewayHarness.stubConfig(port: port, extra: redaction),
                environment: ["STUB_PROVIDER_KEY": Self.providerKey])
            defer { harness.removeLedger() }
            return try await harness.run { client in
                var requestIDs: [String] = []
                for stream in [false, true] {
                    let response = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"\#(Self.secretPrompt)"}],"stream":\#(stream)}"#)
                    #expect(response.status == .ok)
                    requestIDs.append(try #require(response.headers[.requestID]))
                }
                #expect(stub.received.allSatisfy { $0.authorization == "Bearer \(Self.providerKey)" })
                var events: [LedgerEvent] = []
                for id in requestIDs { events += try await harness.events(of: id) }
                return (events, try await harness.allPayloads())
            }
        }
    }

    @Test func withRedactionOnNeitherPromptNorResponseTextIsStored() async throws {
        let (events, payloads) = try await exchange(redaction: "redaction: {prompts: true, responses: true}")
        #expect(events.count == 6)
        for event in events {
            if case .requestReceived(let received) = event { #expect(received.messages == nil) }
            if case .completionSucceeded(let completion) = event {
                #expect(completion.responseText == nil)
                // Counts and cost are still recorded.
                #expect(completion.outputTokens == UpstreamStub.completionTokens)
            }
        }
        #expect(payloads.count == 7)  // config.applied and both requests
        #expect(!payloads.contains { $0.contains("SECRET-PROMPT") || $0.contains(UpstreamStub.answerText) })
        #expect(!payloads.contains { $0.contains(Self.providerKey) })
    }

    @Test func redactingPromptsAloneKeepsTheResponses() async throws {
        let (events, payloads) = try await exchange(redaction: "redaction: {prompts: true}")
        #expect(!payloads.contains { $0.contains("SECRET-PROMPT") })
        let responses = events.compactMap { event -> String? in
            if case .completionSucceeded(let completion) = event { return completion.responseText }
            return nil
        }
        #expect(responses == [UpstreamStub.answerText, UpstreamStub.answerText])
    }

    @Test func withoutRedactionBothTextsAreStoredButNeverTheProviderKey() async throws {
        let (_, payloads) = try await exchange(redaction: "")
        #expect(payloads.contains { $0.contains("SECRET-PROMPT") })
        #expect(payloads.contains { $0.contains(UpstreamStub.answerText) })
        #expect(!payloads.contains { $0.contains(Self.providerKey) })
    }
}
