import CanonicalJSON
import Foundation

/// Turns the events of an Anthropic Messages stream into OpenAI `chat.completion.chunk` objects,
/// one event at a time:
///
/// - `message_start` → the first chunk, `delta: {role: "assistant", content: ""}` (and the input
///   usage, kept for the end);
/// - `content_block_start` of a `tool_use` block → a `tool_calls` delta with its id and name;
///   `content_block_delta` `text_delta` → `delta.content`, `input_json_delta` → the tool call's
///   `arguments` piece (thinking and citation deltas have no counterpart and are dropped);
/// - `message_delta` → a chunk with `finish_reason` (and the output token count, kept);
/// - `message_stop` → the final usage chunk (`choices: []`) when the body asked for usage;
/// - `ping` and `content_block_stop` → nothing; `error` → the failure it names.
///
/// A stream that ends before `message_stop`, an event before `message_start`, or an event type the
/// reference does not document is a failure, never a partial answer passed off as complete.
struct AnthropicStreamTranslator {
    /// Whether the final usage chunk is wanted (`stream_options.include_usage`).
    let includeUsage: Bool
    private var id: JSONValue = .string("")
    private var model: JSONValue = .string("")
    private let created = Int64(Date().timeIntervalSince1970)
    private var inputUsage: JSONValue?
    private var outputTokens: Int64?
    /// OpenAI tool-call index of each `tool_use` content block, by the block's index.
    private var toolIndexes: [Int64: Int] = [:]
    private(set) var hasStarted = false
    private(set) var hasStopped = false

    init(includeUsage: Bool) {
        self.includeUsage = includeUsage
    }

    /// The chunks `event` (one `data:` object) stands for; throws the failure an `error` event
    /// names, or `malformed` for an event out of place or of an unknown type.
    mutating func chunks(for event: [String: JSONValue]) throws(UpstreamFailure) -> [[String: JSONValue]] {
        guard let type = event["type"]?.stringValue else { throw Self.malformed("a stream event has no type") }
        if type == "error" {
            throw AnthropicErrorType.failure(event) ?? Self.malformed("a stream error event has no error type")
        }
        guard hasStarted || type == "message_start" || type == "ping" else {
            throw Self.malformed("the stream sent \(type) before message_start")
        }
        switch type {
        case "message_start":
            guard case .object(let message)? = event["message"] else { throw Self.malformed("message_start has no message") }
            hasStarted = true
            id = message["id"] ?? id
            model = message["model"] ?? model
            inputUsage = message["usage"]
            return [chunk(delta: ["role": .string("assistant"), "content": .string("")])]
        case "content_block_start":
            guard case .object(let block)? = event["content_block"], case .int(let index)? = event["index"] else {
                throw Self.malformed("content_block_start has no content_block or index")
            }
            switch block["type"]?.stringValue {
            case "tool_use":
                let toolIndex = toolIndexes.count
                toolIndexes[index] = toolIndex
                return [chunk(delta: ["tool_calls": .array([AnthropicResponse.toolCall(block, index: toolIndex)])])]
            case "text":
                guard case .string(let text)? = block["text"], !text.isEmpty else { return [] }
                return [chunk(delta: ["content": .string(text)])]
            default:
                return []
            }
        case "content_block_delta":
            guard case .object(let delta)? = event["delta"], case .int(let index)? = event["index"] else {
                throw Self.malformed("content_block_delta has no delta or index")
            }
            switch delta["type"]?.stringValue {
            case "text_delta":
                return [chunk(delta: ["content": delta["text"] ?? .string("")])]
            case "input_json_delta":
                guard let toolIndex = toolIndexes[index] else { return [] }
                let call: [String: JSONValue] = [
                    "index": .int(Int64(toolIndex)),
                    "function": .object(["arguments": delta["partial_json"] ?? .string("")]),
                ]
                return [chunk(delta: ["tool_calls": .array([.object(call)])])]
            default:
                return []  // thinking, signature and citation deltas
            }
        case "message_delta":
            if case .object(let usage)? = event["usage"], case .int(let output)? = usage["output_tokens"] {
                outputTokens = output
            }
            guard case .object(let delta)? = event["delta"], let reason = delta["stop_reason"], reason != .null else {
                return []
            }
            return [chunk(delta: [:], finishReason: AnthropicResponse.finishReason(reason))]
        case "message_stop":
            hasStopped = true
            guard includeUsage, let usage = AnthropicResponse.usage(inputUsage, outputTokens: outputTokens) else { return [] }
            return [[
                "id": id, "object": .string("chat.completion.chunk"), "created": .int(created), "model": model,
                "choices": .array([]), "usage": usage,
            ]]
        case "ping", "content_block_stop":
            return []
        default:
            throw Self.malformed("unknown stream event type \"\(type)\"")
        }
    }

    /// Checks the stream's end: it must have reached `message_stop`.
    func finish() throws(UpstreamFailure) {
        guard hasStopped else {
            throw UpstreamFailure(kind: .connection, status: nil, message: "the stream ended before message_stop")
        }
    }

    private func chunk(delta: [String: JSONValue], finishReason: JSONValue = .null) -> [String: JSONValue] {
        [
            "id": id, "object": .string("chat.completion.chunk"), "created": .int(created), "model": model,
            "choices": .array([.object([
                "index": .int(0), "delta": .object(delta), "finish_reason": finishReason, "logprobs": .null,
            ])]),
        ]
    }

    private static func malformed(_ message: String) -> UpstreamFailure {
        UpstreamFailure(kind: .malformed, status: 200, message: message)
    }
}
