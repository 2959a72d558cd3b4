import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local server speaking Anthropic's Messages API, standing in for api.anthropic.com: it checks
/// the shape of every request it receives the way the reference documents it (headers, required
/// fields, roles that alternate, known content block types, no OpenAI-only fields), answering a
/// misshapen one with Anthropic's 400 `invalid_request_error`; otherwise it answers with the
/// documented message and event-stream shapes, or with the fault queued for the model.
final class AnthropicStub: Sendable {
    enum Behaviour: Sendable {
        /// A text answer (JSON, or the documented event stream for `stream: true`).
        case answer
        /// A `tool_use` answer calling `get_weather` with `{"city": "Paris"}`.
        case toolUse
        /// An error status with Anthropic's error object of `type`.
        case status(Int, type: String)
        /// A stream whose first event is an `error` event (`overloaded_error`).
        case streamErrorFirst
        /// A stream cut after its first text delta (the connection closes, no `message_stop`).
        case cutMidStream
        /// A stream with an event type the reference does not document.
        case unknownEvent
        /// A 200 whose body is not JSON.
        case malformedJSON
        /// A 200 message with no `content`.
        case noContent
    }

    /// One request as received.
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var bodyData: Data
        /// When it arrived.
        var at: ContinuousClock.Instant
        var body: [String: Any]? { try? JSONSerialization.jsonObject(with: bodyData) as? [String: Any] }
        var model: String { body?["model"] as? String ?? "" }
    }

    static let apiKey = "sk-ant-stub-key"
    static let answerText = "Bonjour from the Anthropic stub."
    static let inputTokens = 21
    static let cacheReadTokens = 4
    static let outputTokens = 7
    /// Fields OpenAI has and the Messages API refuses ("Extra inputs are not permitted").
    static let openAIOnlyFields: Set<String> = [
        "n", "stream_options", "presence_penalty", "frequency_penalty", "seed", "logprobs", "top_logprobs",
        "response_format", "stop", "max_completion_tokens", "user", "parallel_tool_calls", "logit_bias",
    ]

    private let queued = Mutex<[String: [Behaviour]]>([:])
    /// The status `GET /v1/models` answers with (health probes); 200 by default.
    private let modelsStatus = Mutex(200)

    /// Makes `GET /v1/models` answer `status` from now on (an Anthropic `api_error` for 5xx).
    func setModelsStatus(_ status: Int) {
        modelsStatus.withLock { $0 = status }
    }
    private let log = Mutex<[Received]>([])

    func queue(_ behaviours: Behaviour..., for model: String) {
        queued.withLock { $0[model, default: []].append(contentsOf: behaviours) }
    }

    var received: [Received] { log.withLock { $0 } }

    /// Runs the stub on a free port for the duration of `body`.
    func run<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.post("v1/messages") { request, _ in try await self.respond(request) }
        router.get("v1/models") { request, _ in
            self.record(request, data: Data())
            guard request.headers[HTTPField.Name("x-api-key")!] == Self.apiKey else {
                return Self.error(401, type: "authentication_error", message: "invalid x-api-key")
            }
            let status = self.modelsStatus.withLock { $0 }
            guard status == 200 else { return Self.error(status, type: "api_error", message: "models unavailable") }
            return Self.json(#"{"data":[{"type":"model","id":"claude-stub","display_name":"Claude Stub"}],"has_more":false}"#)
        }
        return try await LocalServer.run(router, label: "anthropic-stub", body)
    }

    private func record(_ request: Request, data: Data) {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        log.withLock { $0.append(Received(path: request.uri.path, headers: headers, bodyData: data, at: .now)) }
    }

    private func respond(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 24)
        let data = Data(bytes.readableBytesView)
        record(request, data: data)
        guard request.headers[HTTPField.Name("x-api-key")!] == Self.apiKey else {
            return Self.error(401, type: "authentication_error", message: "invalid x-api-key")
        }
        guard request.headers[HTTPField.Name("anthropic-version")!] == "2023-06-01" else {
            return Self.error(400, type: "invalid_request_error", message: "anthropic-version: missing or unknown")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return Self.error(400, type: "invalid_request_error", message: "the body is not a JSON object")
        }
        if let problem = Self.shapeProblem(json) {
            return Self.error(400, type: "invalid_request_error", message: problem)
        }
        let model = json["model"] as? String ?? ""
        let stream = json["stream"] as? Bool ?? false
        let behaviour = queued.withLock { queue -> Behaviour in
            guard var list = queue[model], !list.isEmpty else { return .answer }
            let next = list.removeFirst()
            queue[model] = list
            return next
        }
        switch behaviour {
        case .status(let code, let type):
            return Self.error(code, type: type, message: "stub \(type)")
        case .malformedJSON:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"type\":")))
        case .noContent:
            return Self.json(#"{"id":"msg_stub","type":"message","role":"assistant","model":"\#(model)","stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":0}}"#)
        case .answer, .toolUse:
            let isTool = if case .toolUse = behaviour { true } else { false }
            return stream ? Self.eventStream(Self.events(model: model, toolUse: isTool)) : Self.message(model: model, toolUse: isTool)
        case .streamErrorFirst:
            return Self.eventStream([("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)])
        case .unknownEvent:
            var events = Self.events(model: model, toolUse: false)
            events.insert(("mystery_event", #"{"type":"mystery_event"}"#), at: 2)
            return Self.eventStream(events)
        case .cutMidStream:
            let events = Self.events(model: model, toolUse: false).prefix(3)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    for (name, data) in events { try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n")) }
                    throw CancellationError()  // Hummingbird closes the connection mid-body
                })
        }
    }

    /// What the Messages API would refuse in `body`, in its words; nil for a well-formed request.
    static func shapeProblem(_ body: [String: Any]) -> String? {
        if let extra = body.keys.first(where: openAIOnlyFields.contains) { return "\(extra): Extra inputs are not permitted" }
        guard body["model"] is String else { return "model: Field required" }
        guard let maxTokens = body["max_tokens"] as? Int, maxTokens > 0 else { return "max_tokens: Field required" }
        if let temperature = body["temperature"] as? Double, !(0...1).contains(temperature) {
            return "temperature: Input should be less than or equal to 1"
        }
        if let system = body["system"] {
            guard system is String || (system as? [[String: Any]])?.allSatisfy({ $0["type"] as? String == "text" }) == true else {
                return "system: Input should be a string or a list of text blocks"
            }
        }
        guard let messages = body["messages"] as? [[String: Any]], !messages.isEmpty else { return "messages: Field required" }
        var previousRole: String?
        for (index, message) in messages.enumerated() {
            guard let role = message["role"] as? String, role == "user" || role == "assistant" else {
                return "messages.\(index).role: Input should be 'user' or 'assistant'"
            }
            if role == previousRole { return "messages: roles must alternate between \"user\" and \"assistant\"" }
            previousRole = role
            if message["content"] is String { continue }
            guard let blocks = message["content"] as? [[String: Any]], !blocks.isEmpty else {
                return "messages.\(index).content: Input should be a string or a non-empty list"
            }
            for (blockIndex, block) in blocks.enumerated() {
                let path = "messages.\(index).content.\(blockIndex)"
                switch block["type"] as? String {
                case "text":
                    guard let text = block["text"] as? String, !text.isEmpty else { return "\(path): text content blocks must be non-empty" }
                case "image":
                    guard let source = block["source"] as? [String: Any], let type = source["type"] as? String,
                        (type == "base64" && source["media_type"] is String && source["data"] is String)
                            || (type == "url" && source["url"] is String)
                    else { return "\(path).source: invalid image source" }
                case "tool_use":
                    guard role == "assistant", block["id"] is String, block["name"] is String, block["input"] is [String: Any] else {
                        return "\(path): invalid tool_use block"
                    }
                case "tool_result":
                    guard role == "user", block["tool_use_id"] is String else { return "\(path): invalid tool_result block" }
                default:
                    return "\(path).type: unknown content block type"
                }
            }
        }
        if let tools = body["tools"] as? [[String: Any]] {
            for (index, tool) in tools.enumerated() where !(tool["name"] is String && tool["input_schema"] is [String: Any]) {
                return "tools.\(index): name and input_schema are required"
            }
        }
        return nil
    }

    private static func message(model: String, toolUse: Bool) -> Response {
        let content = toolUse
            ? #"[{"type":"text","text":"Let me look."},{"type":"tool_use","id":"toolu_stub1","name":"get_weather","input":{"city":"Paris"}}]"#
            : #"[{"type":"text","text":"\#(answerText)"}]"#
        return json("""
            {"id":"msg_stub","type":"message","role":"assistant","model":"\(model)","content":\(content),\
            "stop_reason":"\(toolUse ? "tool_use" : "end_turn")","stop_sequence":null,\
            "usage":{"input_tokens":\(inputTokens),"cache_creation_input_tokens":0,"cache_read_input_tokens":\(cacheReadTokens),"output_tokens":\(outputTokens)}}
            """)
    }

    /// The documented event sequence of one answer: `message_start`, a `ping`, the content blocks
    /// (start, deltas, stop), `message_delta` with the stop reason and output tokens, `message_stop`.
    private static func events(model: String, toolUse: Bool) -> [(String, String)] {
        var events: [(String, String)] = [
            ("message_start", """
                {"type":"message_start","message":{"id":"msg_stub","type":"message","role":"assistant","model":"\(model)",\
                "content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":\(inputTokens),\
                "cache_creation_input_tokens":0,"cache_read_input_tokens":\(cacheReadTokens),"output_tokens":1}}}
                """),
            ("ping", #"{"type":"ping"}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
        ]
        let pieces = toolUse ? ["Let me look."] : ["Bonjour", " from the", " Anthropic stub."]
        for piece in pieces {
            events.append(("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(piece)"}}"#))
        }
        events.append(("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        if toolUse {
            events += [
                ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_stub1","name":"get_weather","input":{}}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            ]
        }
        events += [
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"\#(toolUse ? "tool_use" : "end_turn")","stop_sequence":null},"usage":{"output_tokens":\#(outputTokens)}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ]
        return events
    }

    private static func eventStream(_ events: [(String, String)]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/event-stream"],
            body: .init(contentsOf: events.map { ByteBuffer(string: "event: \($0.0)\ndata: \($0.1)\n\n") }))
    }

    private static func json(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func error(_ status: Int, type: String, message: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"}}"#)))
    }
}
