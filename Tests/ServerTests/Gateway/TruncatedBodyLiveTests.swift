import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Router
import Testing
@testable import Server

/// A body shorter than its `Content-Length`, the client then half-closing its side, is malformed
/// HTTP: the gateway answers 400 with the OpenAI envelope (or closes the connection) — never a 500 —
/// and goes on serving.
@Suite struct TruncatedBodyLiveTests {
    @Test(arguments: ["/v1/chat/completions", "/v1/feedback"])
    func aBodyShorterThanItsContentLengthIsA400AndTheServerGoesOn(path: String) async throws {
        var config = RouteledgerConfig.builtIn
        config.catalog.providers[0].latencyMs = 0
        config.catalog.providers[0].ttftMs = 0
        let harness = GatewayHarness(config: config)
        defer { harness.removeLedger() }
        try await harness.run { client in
            let port = try #require(client.port)
            let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            let answer = try await RawExchange.send(head + #"{"messag"#, port: port)

            if let status = answer.status {
                #expect(status == 400, "\(answer.text)")
                let envelope = try #require(
                    try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
                let error = try #require(envelope["error"] as? [String: Any])
                #expect(Set(error.keys) == ["message", "type", "param", "code"])
                #expect(error["type"] as? String == "invalid_request_error")
                #expect(error["code"] as? String == "malformed_request")
                #expect((error["message"] as? String)?.contains("Content-Length") == true)
            } else {
                #expect(answer.text.isEmpty, "neither an HTTP answer nor a closed connection: \(answer.text)")
            }

            let next = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
            #expect(next.status == .ok)
        }
    }
}

/// One request written over a plain TCP connection, the client's side then half-closed, and
/// everything the server sends until it closes.
private struct RawExchange {
    /// All the bytes the server sent, as text.
    var text: String

    /// The status code of the answer; nil when the server sent nothing.
    var status: Int? {
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst("HTTP/1.1 ".count).prefix(3))
    }

    /// What follows the answer's head.
    var body: String {
        guard let end = text.range(of: "\r\n\r\n") else { return "" }
        return String(text[end.upperBound...])
    }

    /// Sends `request` to 127.0.0.1:`port`, shuts the write side (SHUT_WR), and reads until the
    /// server closes; fails after 30 s of neither.
    static func send(_ request: String, port: Int) async throws -> RawExchange {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await withThrowingTaskGroup(of: RawExchange.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    outbound.finish()
                    var received = ByteBuffer()
                    do {
                        for try await var part in inbound { received.writeBuffer(&part) }
                    } catch let error as IOError where error.errnoCode == ECONNRESET {
                        // A reset is a closed connection too.
                    }
                    return RawExchange(text: String(buffer: received))
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                throw TimedOut()
            }
            do {
                let exchange = try await group.next()!
                group.cancelAll()
                return exchange
            } catch {
                channel.channel.close(promise: nil)
                throw error
            }
        }
    }

    private struct TimedOut: Error {}
}
