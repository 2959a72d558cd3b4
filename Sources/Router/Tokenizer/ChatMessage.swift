/// One chat message, as far as token counting is concerned.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// `system`, `user`, `assistant` or `tool`.
    public var role: String
    /// The message text.
    public var content: String
    /// The optional participant name.
    public var name: String?

    /// A message with an optional participant name.
    public init(role: String, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }
}

extension Tokenizer {
    /// The prompt tokens OpenAI bills for `messages`, by the OpenAI cookbook's rules for the
    /// gpt-4 / gpt-4o family (`num_tokens_from_messages`): each message costs 3 tokens plus its
    /// role, content and name; a name costs 1 more; the reply is primed with 3 tokens.
    public func count(messages: [ChatMessage]) -> Int {
        let perMessage = 3
        let perName = 1
        let replyPriming = 3
        return messages.reduce(replyPriming) { total, message in
            total + perMessage + count(message.role) + count(message.content)
                + (message.name.map { count($0) + perName } ?? 0)
        }
    }
}
