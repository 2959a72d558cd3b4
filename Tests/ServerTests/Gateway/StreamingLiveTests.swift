import AsyncHTTPClient
import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import NIOCore
import NIOHTTP1
import Testing

@testable import Server

/// Streaming through a live gateway, read chunk by chunk with AsyncHTTPClient.
@Suite struct StreamingLiveTests {
    /// The `data:` payloads of an SSE body, in order.
    private func events(_ body: String) -> [String] {
        body.components(separatedBy: "\n\n").compactMap { event in
            event.hasPrefix("data: ") ? String(event.dropFirst(6)) : nil
        }
    }

    private func object(_ data: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
    }

    @Test func chunksArriveInOrderWithRoutingFirstAndDoneLastAndTheCompletionIsRecorded() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"Hi"}],"stream":true}"#)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let data = events(String(buffer: response.body))
                #expect(data.last == "[DONE]")
                let chunks = try data.dropLast().map(object)
                #expect(chunks.first?["routing"] != nil)
                #expect(chunks.dropFirst().allSatisfy { $0["routing"] == nil })
                // The client did not ask for usage: the usage chunk the gateway requested is not relayed.
                #expect(chunks.allSatisfy { $0["usage"] == nil })
                let text = chunks.compactMap { chunk -> String? in
                    let choices = chunk["choices"] as? [[String: Any]]
                    return (choices?.first?["delta"] as? [String: Any])?["content"] as? String
                }.joined()
                #expect(text == UpstreamStub.answerText)
                // The gateway asked the upstream for usage on its own account.
                let options = try #require(stub.received.last?.body?["stream_options"] as? [String: Any])
                #expect(options["include_usage"] as? Bool == true)

                let requestID = try #require(response.headers[.requestID])
                let recorded = try await harness.events(of: requestID)
                #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded])
                guard case .completionSucceeded(let completion) = recorded.last else { return }
                #expect(completion.responseText == UpstreamStub.answerText)
                #expect(completion.outputTokens == UpstreamStub.completionTokens)
                #expect(completion.tokenSource == "provider")
                #expect(completion.finishReason == "stop")
                let ttft = try #require(completion.timeToFirstTokenMilliseconds)
                #expect(ttft > 0 && ttft <= completion.latencyMilliseconds)
            }
        }
    }

    @Test func aClientAskingForUsageGetsTheUsageChunk() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}"#)
                let chunks = try events(String(buffer: response.body)).dropLast().map(object)
                let usage = try #require(chunks.last?["usage"] as? [String: Any])
                #expect(usage["completion_tokens"] as? Int == UpstreamStub.completionTokens)
            }
        }
    }

    @Test func aClientHangingUpCancelsTheUpstreamAndIsRecordedAsCancelled() async throws {
        let stub = UpstreamStub()
        stub.queue(.streamUntilCancelled, for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { testClient in
                let gatewayPort = try #require(testClient.port)
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(gatewayPort)/v1/chat/completions")
                request.method = .POST
                request.headers.add(name: "content-type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: #"{"messages":[{"role":"user","content":"Hi"}],"stream":true}"#))
                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                var requestID: String?
                do {
                    let response = try await client.execute(request, timeout: .seconds(10))
                    requestID = response.headers.first(name: "x-request-id")
                    var received = ""
                    for try await buffer in response.body {
                        received += String(buffer: buffer)
                        if received.contains("\n\n") { break }  // the first chunk, then hang up
                    }
                    #expect(received.contains("\"routing\""))
                }
                try await client.shutdown()
                let id = try #require(requestID)
                // The gateway records the completion once it notices; wait for the event, not a time.
                var recorded: [LedgerEvent] = []
                for _ in 0..<500 where recorded.count < 3 {
                    recorded = try await harness.events(of: id)
                    if recorded.count < 3 { try await Task.sleep(for: .milliseconds(10)) }
                }
                #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded])
                if case .completionSucceeded(let completion) = recorded.last {
                    #expect(completion.finishReason == "cancelled")
                    #expect(completion.responseText?.hasPrefix("First") == true)
                    #expect(completion.tokenSource == "estimated")
                }
                for _ in 0..<500 where stub.cancelledStreamCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
                #expect(stub.cancelledStreamCount == 1)
            }
        }
    }

    @Test func anUpstreamBreakingOffMidStreamEndsWithAnErrorEventAndCompletionFailed() async throws {
        let stub = UpstreamStub()
        stub.queue(.breakOffMidStream, for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"Hi"}],"stream":true}"#)
                #expect(response.status == .ok)
                let data = events(String(buffer: response.body))
                #expect(!data.contains("[DONE]"))
                let firstData = try #require(data.first)
                let first = try object(firstData)
                #expect(first["routing"] != nil)
                let lastData = try #require(data.last)
                let last = try object(lastData)
                let error = try #require(last["error"] as? [String: Any])
                #expect(error["code"] as? String == "upstream_stream_failed")

                let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
                #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionFailed])
                if case .completionFailed(let failed) = recorded.last {
                    #expect(failed.status == 502)
                    #expect(failed.errorType == "upstream_stream_failed")
                }
            }
        }
    }

    @Test func aStreamThatEndsWithoutDoneIsATruncatedAnswerNotACompletedOne() async throws {
        let stub = UpstreamStub()
        stub.queue(.endWithoutDone, for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"Hi"}],"stream":true}"#)
                let data = events(String(buffer: response.body))
                #expect(!data.contains("[DONE]"))
                let lastData = try #require(data.last)
                let error = try #require(try object(lastData)["error"] as? [String: Any])
                #expect((error["message"] as? String)?.contains("ended before [DONE]") == true)
                let recorded = try await harness.events(of: try #require(response.headers[.requestID]))
                #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionFailed])
            }
        }
    }
}
