import CanonicalJSON

/// An OpenAI chat-completions body translated into Anthropic's Messages API body
/// (`POST /v1/messages`), following Anthropic's published reference:
///
/// - `system` and `developer` messages become the top-level `system` text blocks;
/// - `user` and `assistant` turns become `messages` with content blocks (text, images from data
///   URLs as base64 sources and from http(s) URLs as URL sources); an assistant's `tool_calls`
///   become `tool_use` blocks and each `tool` message a `tool_result` block in a user turn;
///   consecutive turns of one role are merged, as Anthropic expects roles to alternate;
/// - `max_completion_tokens` or `max_tokens` (the provider's `default_max_tokens` when the client
///   sends neither: Anthropic requires it), `temperature` (capped at 1, Anthropic's maximum),
///   `top_p`, `stop` → `stop_sequences`, `user` → `metadata.user_id`, `stream`;
/// - `tools` → `{name, description, input_schema}`, `tool_choice` `auto`/`required`/`none`/a
///   function → `auto`/`any`/`none`/`tool`, `parallel_tool_calls: false` →
///   `disable_parallel_tool_use`.
///
/// OpenAI-only sampling and output fields Anthropic has no counterpart for (`presence_penalty`,
/// `frequency_penalty`, `seed`, `logprobs`, `top_logprobs`, `logit_bias`, `response_format`,
/// `stream_options`, `service_tier`, `store`, `metadata`, `reasoning_effort`) are left out, as
/// Anthropic's own OpenAI compatibility layer does. What cannot be translated without changing the
/// request's meaning (`n` above 1, audio or file parts, non-function tools, the legacy `function`
/// role) is refused with ``AnthropicRequest/Refusal`` naming the field.
enum AnthropicRequest {
    /// A field the translation cannot carry over; a 400 for the client, not a provider failure.
    struct Refusal: Error, Sendable {
        var message: String
    }

    /// The Messages API body for `fields` (an OpenAI body whose `model` is already the upstream id).
    static func body(_ fields: [String: JSONValue], defaultMaxTokens: Int) throws(Refusal) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let model = fields["model"] { body["model"] = model }
        let (system, messages) = try translate(messages: fields["messages"])
        if !system.isEmpty { body["system"] = .array(system.map(textBlock)) }
        body["messages"] = .array(messages.map { .object(["role": .string($0.role), "content": .array($0.blocks)]) })
        body["max_tokens"] = .int(try maxTokens(fields) ?? Int64(defaultMaxTokens))
        if let temperature = fields["temperature"]?.doubleValue { body["temperature"] = .double(min(temperature, 1)) }
        if let topP = fields["top_p"], topP != .null { body["top_p"] = topP }
        if let stop = try stopSequences(fields["stop"]) { body["stop_sequences"] = .array(stop.map(JSONValue.string)) }
        if case .string(let user)? = fields["user"], !user.isEmpty { body["metadata"] = .object(["user_id": .string(user)]) }
        if case .bool(true)? = fields["stream"] { body["stream"] = .bool(true) }
        if case .int(let count)? = fields["n"], count != 1 {
            throw Refusal(message: "n must be 1: Anthropic returns one choice per request")
        }
        if let tools = try tools(fields["tools"]) { body["tools"] = .array(tools) }
        if let choice = try toolChoice(fields["tool_choice"], parallel: fields["parallel_tool_calls"]) {
            body["tool_choice"] = .object(choice)
        }
        return body
    }

    /// One Anthropic turn being built.
    private struct Turn {
        var role: String
        var blocks: [JSONValue]
    }

    private static func translate(messages value: JSONValue?) throws(Refusal) -> (system: [String], turns: [Turn]) {
        guard case .array(let messages)? = value else { throw Refusal(message: "messages must be an array") }
        var system: [String] = []
        var turns: [Turn] = []
        func append(_ role: String, _ blocks: [JSONValue]) {
            guard !blocks.isEmpty else { return }
            if turns.last?.role == role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append(Turn(role: role, blocks: blocks))
            }
        }
        for (index, value) in messages.enumerated() {
            let path = "messages[\(index)]"
            guard case .object(let message) = value, case .string(let role)? = message["role"] else {
                throw Refusal(message: "\(path) must be an object with a role")
            }
            switch role {
            case "system", "developer":
                let text = try plainText(message["content"], path: path)
                if !text.isEmpty { system.append(text) }
            case "user":
                append("user", try contentBlocks(message["content"], path: path))
            case "assistant":
                var blocks = try contentBlocks(message["content"], path: path, imagesAllowed: false)
                blocks += try toolUseBlocks(message["tool_calls"], path: path)
                append("assistant", blocks)
            case "tool":
                guard case .string(let callID)? = message["tool_call_id"] else {
                    throw Refusal(message: "\(path).tool_call_id is required for a tool message")
                }
                let result: [String: JSONValue] = [
                    "type": .string("tool_result"), "tool_use_id": .string(callID),
                    "content": .string(try plainText(message["content"], path: path)),
                ]
                append("user", [.object(result)])
            default:
                throw Refusal(message: "\(path).role \"\(role)\" cannot be sent to an Anthropic provider")
            }
        }
        return (system, turns)
    }

    /// A string, or the text of text parts joined by newlines.
    private static func plainText(_ content: JSONValue?, path: String) throws(Refusal) -> String {
        switch content {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .array(let parts)?:
            var texts: [String] = []
            for (index, part) in parts.enumerated() {
                guard case .object(let object) = part, case .string("text")? = object["type"],
                    case .string(let text)? = object["text"]
                else { throw Refusal(message: "\(path).content[\(index)] must be a text part here") }
                texts.append(text)
            }
            return texts.joined(separator: "\n")
        default:
            throw Refusal(message: "\(path).content must be a string or an array of parts")
        }
    }

    private static func contentBlocks(
        _ content: JSONValue?, path: String, imagesAllowed: Bool = true
    ) throws(Refusal) -> [JSONValue] {
        switch content {
        case nil, .null?: return []
        case .string(let text)?: return text.isEmpty ? [] : [textBlock(text)]
        case .array(let parts)?:
            var blocks: [JSONValue] = []
            for (index, part) in parts.enumerated() {
                let partPath = "\(path).content[\(index)]"
                guard case .object(let object) = part, case .string(let type)? = object["type"] else {
                    throw Refusal(message: "\(partPath) must be an object with a type")
                }
                switch type {
                case "text":
                    guard case .string(let text)? = object["text"] else { throw Refusal(message: "\(partPath).text must be a string") }
                    // Anthropic refuses empty text blocks.
                    if !text.isEmpty { blocks.append(textBlock(text)) }
                case "image_url" where imagesAllowed:
                    blocks.append(try imageBlock(object["image_url"], path: partPath))
                default:
                    throw Refusal(message: "\(partPath).type \"\(type)\" cannot be sent to an Anthropic provider")
                }
            }
            return blocks
        default:
            throw Refusal(message: "\(path).content must be a string or an array of parts")
        }
    }

    /// `{url}` (or the URL itself): a `data:<media type>;base64,<data>` URL becomes a base64
    /// source, an http(s) URL a URL source.
    private static func imageBlock(_ value: JSONValue?, path: String) throws(Refusal) -> JSONValue {
        var url: String?
        if case .string(let string)? = value { url = string }
        if case .object(let object)? = value, case .string(let string)? = object["url"] { url = string }
        guard let url else { throw Refusal(message: "\(path).image_url.url must be a string") }
        let source: [String: JSONValue]
        if url.hasPrefix("data:") {
            guard let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") else {
                throw Refusal(message: "\(path).image_url.url must be a base64 data URL or an http(s) URL")
            }
            let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count)
            source = [
                "type": .string("base64"), "media_type": .string(String(mediaType)),
                "data": .string(String(url[url.index(after: comma)...])),
            ]
        } else if url.hasPrefix("https://") || url.hasPrefix("http://") {
            source = ["type": .string("url"), "url": .string(url)]
        } else {
            throw Refusal(message: "\(path).image_url.url must be a base64 data URL or an http(s) URL")
        }
        return .object(["type": .string("image"), "source": .object(source)])
    }

    /// An assistant's `tool_calls` as `tool_use` blocks, each call's JSON arguments as `input`.
    private static func toolUseBlocks(_ value: JSONValue?, path: String) throws(Refusal) -> [JSONValue] {
        guard let value, value != .null else { return [] }
        guard case .array(let calls) = value else { throw Refusal(message: "\(path).tool_calls must be an array") }
        var blocks: [JSONValue] = []
        for (index, call) in calls.enumerated() {
            let callPath = "\(path).tool_calls[\(index)]"
            guard case .object(let object) = call, case .string(let id)? = object["id"],
                case .object(let function)? = object["function"], case .string(let name)? = function["name"]
            else { throw Refusal(message: "\(callPath) must have an id and a function name") }
            var input: [String: JSONValue] = [:]
            if case .string(let arguments)? = function["arguments"], !arguments.isEmpty {
                guard let parsed = JSONObjectCoding.object(arguments.utf8) else {
                    throw Refusal(message: "\(callPath).function.arguments must be a JSON object")
                }
                input = parsed
            }
            blocks.append(.object([
                "type": .string("tool_use"), "id": .string(id), "name": .string(name), "input": .object(input),
            ]))
        }
        return blocks
    }

    private static func maxTokens(_ fields: [String: JSONValue]) throws(Refusal) -> Int64? {
        for key in ["max_completion_tokens", "max_tokens"] {
            switch fields[key] {
            case nil, .null?: continue
            case .int(let count)? where count > 0: return count
            default: throw Refusal(message: "\(key) must be a positive integer")
            }
        }
        return nil
    }

    private static func stopSequences(_ value: JSONValue?) throws(Refusal) -> [String]? {
        switch value {
        case nil, .null?: return nil
        case .string(let stop)?: return [stop]
        case .array(let list)?:
            var stops: [String] = []
            for item in list {
                guard case .string(let stop) = item else { throw Refusal(message: "stop must be a string or an array of strings") }
                stops.append(stop)
            }
            return stops.isEmpty ? nil : stops
        default: throw Refusal(message: "stop must be a string or an array of strings")
        }
    }

    private static func tools(_ value: JSONValue?) throws(Refusal) -> [JSONValue]? {
        guard let value, value != .null else { return nil }
        guard case .array(let list) = value else { throw Refusal(message: "tools must be an array") }
        var tools: [JSONValue] = []
        for (index, tool) in list.enumerated() {
            guard case .object(let object) = tool, case .string("function")? = object["type"],
                case .object(let function)? = object["function"], case .string(let name)? = function["name"]
            else { throw Refusal(message: "tools[\(index)] must be a function tool with a name") }
            var translated: [String: JSONValue] = [
                "name": .string(name),
                "input_schema": function["parameters"] ?? .object(["type": .string("object"), "properties": .object([:])]),
            ]
            if let description = function["description"], description != .null { translated["description"] = description }
            tools.append(.object(translated))
        }
        return tools.isEmpty ? nil : tools
    }

    private static func toolChoice(_ value: JSONValue?, parallel: JSONValue?) throws(Refusal) -> [String: JSONValue]? {
        var choice: [String: JSONValue]?
        switch value {
        case nil, .null?: choice = nil
        case .string("auto")?: choice = ["type": .string("auto")]
        case .string("required")?: choice = ["type": .string("any")]
        case .string("none")?: choice = ["type": .string("none")]
        case .object(let object)?:
            guard case .object(let function)? = object["function"], case .string(let name)? = function["name"] else {
                throw Refusal(message: "tool_choice must name a function")
            }
            choice = ["type": .string("tool"), "name": .string(name)]
        default:
            throw Refusal(message: "tool_choice must be \"auto\", \"required\", \"none\" or a function")
        }
        if case .bool(false)? = parallel, choice?["type"] != .string("none") {
            choice = choice ?? ["type": .string("auto")]
            choice?["disable_parallel_tool_use"] = .bool(true)
        }
        return choice
    }

    private static func textBlock(_ text: String) -> JSONValue {
        .object(["type": .string("text"), "text": .string(text)])
    }
}
