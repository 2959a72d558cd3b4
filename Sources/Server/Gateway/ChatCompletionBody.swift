import CanonicalJSON
import Router

/// An OpenAI chat completion request as received: the whole JSON object, kept so that it can be
/// forwarded unchanged except `model` (unknown fields included), plus the parts the gateway reads.
struct ChatCompletionBody: Sendable {
    /// Every field of the request.
    var fields: [String: JSONValue]
    /// The model string the client sent, if any.
    var requestedModel: String?
    /// The messages as routing and token counting see them (text parts joined by newlines).
    var messages: [ChatMessage]
    var stream: Bool
    /// `stream_options.include_usage` as the client sent it.
    var clientWantsUsage: Bool
    var user: String?

    /// The roles OpenAI accepts.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]
    /// Request parameters recorded in `request.received` (the messages are recorded apart).
    static let recordedParamNames: Set<String> = [
        "temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed", "stream",
        "presence_penalty", "frequency_penalty", "response_format", "tool_choice", "tools", "logprobs",
        "top_logprobs", "stream_options", "parallel_tool_calls", "reasoning_effort",
    ]

    /// Parses and checks `bytes`; every problem is a 400 naming the field.
    init(json bytes: [UInt8]) throws(OpenAIError) {
        fields = try RequestBodyReading.object(bytes)
        requestedModel = try RequestBodyReading.string(fields, "model")
        stream = try RequestBodyReading.optional(fields, "stream", as: "a boolean") { value -> Bool? in
            if case .bool(let flag) = value { return flag } else { return nil }
        } ?? false
        user = try RequestBodyReading.string(fields, "user")
        if let options = fields["stream_options"], options != .null, !options.isObject {
            throw .invalidRequest("stream_options must be an object", param: "stream_options")
        }
        clientWantsUsage = Self.asksForUsage(fields)
        try Self.checkNumbers(fields)
        messages = try Self.messages(fields["messages"])
    }

    /// The body for the upstream: the same fields with `model` set to the upstream model id and, for
    /// streams, `stream_options.include_usage` on so the final chunk carries usage.
    func upstreamBody(model: String) -> [String: JSONValue] {
        var body = fields
        body["model"] = .string(model)
        if stream {
            var options: [String: JSONValue] = [:]
            if case .object(let existing)? = fields["stream_options"] { options = existing }
            options["include_usage"] = .bool(true)
            body["stream_options"] = .object(options)
        }
        return body
    }

    /// Whether a request body sets `stream_options.include_usage` (the final chunk then carries usage).
    static func asksForUsage(_ fields: [String: JSONValue]) -> Bool {
        if case .object(let options)? = fields["stream_options"], case .bool(true)? = options["include_usage"] { return true }
        return false
    }

    /// The most output tokens the client allows per choice (`max_completion_tokens`, else
    /// `max_tokens`); nil when it set neither.
    var maxOutputTokens: Int? {
        for key in ["max_completion_tokens", "max_tokens"] {
            if let value = fields[key]?.doubleValue, value >= 1, value < Double(Int32.max) { return Int(value.rounded(.up)) }
        }
        return nil
    }

    /// How many choices the client asked for (`n`, default 1).
    var choiceCount: Int {
        if let value = fields["n"]?.doubleValue, value >= 1, value < 1_000 { return Int(value) }
        return 1
    }

    /// The parameters recorded in the ledger.
    var recordedParams: [String: JSONValue] {
        fields.filter { Self.recordedParamNames.contains($0.key) }
    }

    /// The messages as sent, for the ledger.
    var rawMessages: [JSONValue] {
        if case .array(let messages)? = fields["messages"] { return messages }
        return []
    }

    /// Numeric parameters must be numbers in OpenAI's ranges.
    private static func checkNumbers(_ fields: [String: JSONValue]) throws(OpenAIError) {
        let ranges: [(key: String, range: ClosedRange<Double>, words: String)] = [
            ("temperature", 0...2, "0 and 2"), ("top_p", 0...1, "0 and 1"),
            ("presence_penalty", -2...2, "-2 and 2"), ("frequency_penalty", -2...2, "-2 and 2"),
        ]
        for (key, range, words) in ranges {
            guard let value = fields[key], value != .null else { continue }
            guard let number = value.doubleValue else { throw .invalidRequest("\(key) must be a number", param: key) }
            guard range.contains(number) else { throw .invalidRequest("\(key) must be between \(words)", param: key) }
        }
        for key in ["max_tokens", "max_completion_tokens", "n", "seed"] {
            guard let value = fields[key], value != .null else { continue }
            guard case .int(let number) = value else { throw .invalidRequest("\(key) must be an integer", param: key) }
            if key != "seed" && number < 1 { throw .invalidRequest("\(key) must be at least 1", param: key) }
        }
    }

    private static func messages(_ value: JSONValue?) throws(OpenAIError) -> [ChatMessage] {
        guard let value, value != .null else { throw .invalidRequest("messages is required", param: "messages") }
        guard case .array(let list) = value else {
            throw .invalidRequest("messages must be an array", param: "messages")
        }
        guard !list.isEmpty else { throw .invalidRequest("messages must not be empty", param: "messages") }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            let param = "messages[\(index)]"
            guard case .object(let message) = item else { throw .invalidRequest("\(param) must be an object", param: param) }
            guard case .string(let role)? = message["role"] else {
                throw .invalidRequest("\(param).role must be a string", param: "\(param).role")
            }
            guard roles.contains(role) else {
                throw .invalidRequest(
                    "\(param).role must be one of \(roles.sorted().joined(separator: ", "))", param: "\(param).role")
            }
            var name: String?
            if let value = message["name"], value != .null {
                guard case .string(let text) = value else {
                    throw .invalidRequest("\(param).name must be a string", param: "\(param).name")
                }
                name = text
            }
            messages.append(ChatMessage(role: role, content: try content(message["content"], param: "\(param).content"), name: name))
        }
        return messages
    }

    /// A string, an array of parts (text parts joined by newlines; images and audio have no text)
    /// or null (an assistant message with tool calls).
    private static func content(_ value: JSONValue?, param: String) throws(OpenAIError) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .array(let parts)?:
            var texts: [String] = []
            for (index, part) in parts.enumerated() {
                guard case .object(let fields) = part, case .string(let type)? = fields["type"] else {
                    throw .invalidRequest("\(param)[\(index)] must be an object with a type", param: "\(param)[\(index)]")
                }
                if type == "text" {
                    guard case .string(let text)? = fields["text"] else {
                        throw .invalidRequest("\(param)[\(index)].text must be a string", param: "\(param)[\(index)].text")
                    }
                    texts.append(text)
                }
            }
            return texts.joined(separator: "\n")
        default:
            throw .invalidRequest("\(param) must be a string, an array of parts or null", param: param)
        }
    }
}

extension JSONValue {
    var isObject: Bool { objectValue != nil }

    /// The fields when the value is an object.
    var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }
}
