import CanonicalJSON

/// The start of a recorded prompt, for a replay example: the last user message's text (its text
/// parts, for a message of parts), whitespace collapsed, cut at ``length`` characters.
enum PromptExcerpt {
    static let length = 120

    /// The excerpt of `messages`; nil when they were not recorded (redacted) or hold no user text.
    static func of(_ messages: [JSONValue]?) -> String? {
        guard let messages else { return nil }
        for message in messages.reversed() {
            guard case .object(let fields) = message, fields["role"]?.stringValue == "user" else { continue }
            var text = ""
            switch fields["content"] {
            case .string(let content)?:
                text = content
            case .array(let parts)?:
                text = parts.compactMap { part -> String? in
                    guard case .object(let fields) = part else { return nil }
                    return fields["text"]?.stringValue
                }.joined(separator: " ")
            default:
                continue
            }
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !words.isEmpty else { continue }
            return words.count <= length ? words : String(words.prefix(length - 1)) + "…"
        }
        return nil
    }
}
