import CanonicalJSON
import Foundation

/// An Anthropic Messages API answer (`{"type": "message", "content": [...], "stop_reason", "usage"}`)
/// as an OpenAI `chat.completion`: text blocks joined as the message's content, `tool_use` blocks
/// as `tool_calls` (their `input` as the JSON `arguments` string), the stop reason as
/// `finish_reason`, and the usage counted the OpenAI way (prompt tokens include cached input).
enum AnthropicResponse {
    /// The chat completion for `message`; nil when it is not an Anthropic message with content.
    static func completion(_ message: [String: JSONValue]) -> [String: JSONValue]? {
        guard case .string("message")? = message["type"], case .array(let blocks)? = message["content"] else { return nil }
        var text: String?
        var toolCalls: [JSONValue] = []
        for block in blocks {
            guard case .object(let object) = block else { return nil }
            switch object["type"]?.stringValue {
            case "text":
                text = (text ?? "") + (object["text"]?.stringValue ?? "")
            case "tool_use":
                toolCalls.append(toolCall(object, index: nil))
            default:
                continue  // thinking and server-tool blocks have no chat-completions counterpart
            }
        }
        var reply: [String: JSONValue] = ["role": .string("assistant"), "content": text.map(JSONValue.string) ?? .null]
        if !toolCalls.isEmpty { reply["tool_calls"] = .array(toolCalls) }
        var completion: [String: JSONValue] = [
            "id": message["id"] ?? .string(""),
            "object": .string("chat.completion"),
            "created": .int(Int64(Date().timeIntervalSince1970)),
            "model": message["model"] ?? .string(""),
            "choices": .array([.object([
                "index": .int(0), "message": .object(reply),
                "finish_reason": finishReason(message["stop_reason"]), "logprobs": .null,
            ])]),
        ]
        if let usage = usage(message["usage"], outputTokens: nil) { completion["usage"] = usage }
        return completion
    }

    /// Anthropic's `stop_reason` as OpenAI's `finish_reason`.
    static func finishReason(_ value: JSONValue?) -> JSONValue {
        switch value?.stringValue {
        case nil: .null
        case "end_turn", "stop_sequence", "pause_turn": .string("stop")
        case "max_tokens", "model_context_window_exceeded": .string("length")
        case "tool_use": .string("tool_calls")
        case "refusal": .string("content_filter")
        case let other?: .string(other)
        }
    }

    /// Anthropic's usage as an OpenAI `usage` object: cache writes and reads are prompt tokens.
    /// `outputTokens` overrides the object's own count (a stream's final `message_delta` has it).
    static func usage(_ value: JSONValue?, outputTokens: Int64?) -> JSONValue? {
        guard case .object(let usage)? = value, case .int(let input)? = usage["input_tokens"] else { return nil }
        var prompt = input
        for key in ["cache_creation_input_tokens", "cache_read_input_tokens"] {
            if case .int(let cached)? = usage[key] { prompt += cached }
        }
        var completion: Int64 = 0
        if case .int(let output)? = usage["output_tokens"] { completion = output }
        if let outputTokens { completion = outputTokens }
        return .object([
            "prompt_tokens": .int(prompt), "completion_tokens": .int(completion), "total_tokens": .int(prompt + completion),
        ])
    }

    /// A `tool_use` block as an OpenAI tool call; `index` is set in stream deltas.
    static func toolCall(_ block: [String: JSONValue], index: Int?) -> JSONValue {
        var arguments = ""
        if case .object(let input)? = block["input"], !input.isEmpty {
            arguments = String(decoding: JSONObjectCoding.bytes(input), as: UTF8.self)
        } else if index == nil {
            arguments = "{}"
        }
        var call: [String: JSONValue] = [
            "id": block["id"] ?? .string(""), "type": .string("function"),
            "function": .object(["name": block["name"] ?? .string(""), "arguments": .string(arguments)]),
        ]
        if let index { call["index"] = .int(Int64(index)) }
        return .object(call)
    }
}
