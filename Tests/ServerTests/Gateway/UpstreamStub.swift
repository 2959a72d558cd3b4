import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local OpenAI-speaking server standing in for the remote LLM providers, with fault injection.
///
/// Each request takes the next behaviour queued for its upstream model (the `model` field the
/// gateway forwards), or `.answer` when none is queued; every request is logged.
final class UpstreamStub: Sendable {
    enum Behaviour: Sendable {
        /// A normal answer (JSON, or SSE for `stream: true`), with usage.
        case answer
        /// An error status with an OpenAI error envelope.
        case status(Int)
        /// Waits this long before answering normally (longer than the gateway's timeout: a timeout).
        case delay(milliseconds: Int)
        /// Streams a chunk every 20 ms until the gateway hangs up (a client disconnect).
        case streamUntilCancelled
        /// Streams one chunk, then closes the connection without `[DONE]` (an upstream failing mid-stream).
        case breakOffMidStream
        /// A 200 whose body is not JSON.
        case malformedJSON
        /// A 200 chat completion with an empty `choices` array.
        case noChoices
        /// A whole stream, usage included, that ends cleanly but without `data: [DONE]`.
        case endWithoutDone
        /// ``unmeteredText`` with no usage: no `usage` in the JSON, no usage chunk in the stream.
        case answerWithoutUsage
    }

    /// What the stub received.
    struct Received: Sendable {
        var model: String
        var body: [String: Any]? { try? JSONSerialization.jsonObject(with: bodyData) as? [String: Any] }
        var bodyData: Data
        var authorization: String?
    }

    /// The answer text every successful call returns.
    static let answerText = "Stub answer: four words."
    /// The answer of `.answerWithoutUsage`: its token count differs between cl100k_base and o200k_base.
    static let unmeteredText = "Ünïcödé façade — 日本語のテキストです。 naïve café, Привет мир!"
    static let promptTokens = 11
    static let completionTokens = 5

    private let queued = Mutex<[String: [Behaviour]]>([:])
    private let log = Mutex<[Received]>([])
    /// Streams that ended because the gateway closed the connection.
    private let cancelledStreams = Mutex(0)

    /// Queues `behaviours` for the next requests for `model`.
    func queue(_ behaviours: Behaviour..., for model: String) {
        queued.withLock { $0[model, default: []].append(contentsOf: behaviours) }
    }

    var received: [Received] { log.withLock { $0 } }
    var cancelledStreamCount: Int { cancelledStreams.withLock { $0 } }

    /// Runs the stub on a free port for the duration of `body`.
    func run<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.post("v1/chat/completions") { request, _ in try await self.respond(request) }
        router.post("v1/embeddings") { request, _ in try await self.respond(request) }
        return try await LocalServer.run(router, label: "upstream-stub", body)
    }

    private func respond(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 24)
        let data = Data(bytes.readableBytesView)
        let json = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        let model = json["model"] as? String ?? ""
        let stream = json["stream"] as? Bool ?? false
        log.withLock { $0.append(Received(model: model, bodyData: data, authorization: request.headers[.authorization])) }
        let behaviour = queued.withLock { queue -> Behaviour in
            guard var list = queue[model], !list.isEmpty else { return .answer }
            let next = list.removeFirst()
            queue[model] = list
            return next
        }
        switch behaviour {
        case .status(let code):
            let envelope = #"{"error":{"message":"stub failure \#(code)","type":"server_error","param":null,"code":null}}"#
            return Response(
                status: .init(code: code), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: envelope)))
        case .delay(let milliseconds):
            try await Task.sleep(for: .milliseconds(milliseconds))
            return answer(model: model, stream: stream)
        case .answer:
            return answer(model: model, stream: stream)
        case .malformedJSON:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"id\":")))
        case .answerWithoutUsage:
            guard stream else {
                let body = #"{"id":"chatcmpl-stub","object":"chat.completion","created":1,"model":"\#(model)","choices":[{"index":0,"message":{"role":"assistant","content":"\#(Self.unmeteredText)"},"finish_reason":"stop"}]}"#
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            let events = [
                "data: \(Self.chunk(model: model, content: Self.unmeteredText, finish: nil))\n\n",
                "data: \(Self.chunk(model: model, content: nil, finish: "stop"))\n\n", "data: [DONE]\n\n",
            ]
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"], body: .init(contentsOf: events.map { ByteBuffer(string: $0) }))
        case .noChoices:
            let body = #"{"id":"chatcmpl-stub","object":"chat.completion","created":1,"model":"\#(model)","choices":[]}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        case .endWithoutDone:
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: .init(contentsOf: Self.streamEvents(model: model).dropLast().map { ByteBuffer(string: $0) }))
        case .breakOffMidStream:
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "data: \(Self.chunk(model: model, content: "First", finish: nil))\n\n"))
                    throw CancellationError()  // Hummingbird closes the connection mid-body
                })
        case .streamUntilCancelled:
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "data: \(Self.chunk(model: model, content: "First", finish: nil))\n\n"))
                    // Keep generating until the gateway hangs up.
                    do {
                        while true {
                            try await Task.sleep(for: .milliseconds(20))
                            try await writer.write(ByteBuffer(string: "data: \(Self.chunk(model: model, content: " more", finish: nil))\n\n"))
                        }
                    } catch {
                        self.cancelledStreams.withLock { $0 += 1 }
                        throw error
                    }
                })
        }
    }

    private func answer(model: String, stream: Bool) -> Response {
        if model.hasPrefix("upstream-e") {
            let body = #"{"object":"list","model":"\#(model)","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],"#
                + #""usage":{"prompt_tokens":\#(Self.promptTokens),"total_tokens":\#(Self.promptTokens)}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        guard stream else {
            let body = """
                {"id":"chatcmpl-stub","object":"chat.completion","created":1,"model":"\(model)",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"\(Self.answerText)"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":\(Self.promptTokens),"completion_tokens":\(Self.completionTokens),"total_tokens":\(Self.promptTokens + Self.completionTokens)}}
                """
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream"],
            body: .init(contentsOf: Self.streamEvents(model: model).map { ByteBuffer(string: $0) }))
    }

    /// The events of a streamed answer: a chunk per word, the finish chunk, the usage chunk, `[DONE]`.
    private static func streamEvents(model: String) -> [String] {
        let words = Self.answerText.split(separator: " ").map(String.init)
        var events = words.enumerated().map { index, word in
            "data: \(Self.chunk(model: model, content: index == 0 ? word : " " + word, finish: nil))\n\n"
        }
        events.append("data: \(Self.chunk(model: model, content: nil, finish: "stop"))\n\n")
        events.append("""
            data: {"id":"chatcmpl-stub","object":"chat.completion.chunk","created":1,"model":"\(model)","choices":[],\
            "usage":{"prompt_tokens":\(Self.promptTokens),"completion_tokens":\(Self.completionTokens),"total_tokens":\(Self.promptTokens + Self.completionTokens)}}\n\n
            """)
        events.append("data: [DONE]\n\n")
        return events
    }

    private static func chunk(model: String, content: String?, finish: String?) -> String {
        let delta = content.map { #"{"content":"\#($0)"}"# } ?? "{}"
        let reason = finish.map { "\"\($0)\"" } ?? "null"
        return #"{"id":"chatcmpl-stub","object":"chat.completion.chunk","created":1,"model":"\#(model)","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(reason)}]}"#
    }
}
