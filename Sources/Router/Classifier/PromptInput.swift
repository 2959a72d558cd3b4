/// The parts of a chat request a classifier reads.
///
/// The task is decided by the last user message; the system text and earlier conversation
/// only add context, constraints and domain (a system prompt saying "answer in JSON" is a
/// constraint, but does not make every request an extraction).
public struct PromptInput: Sendable, Hashable {
    /// The system (or developer) instructions, joined by newlines; empty if none.
    public var system: String
    /// The message the model is asked to answer.
    public var lastUserMessage: String
    /// Every message before the last user message except system ones, joined by newlines.
    public var earlierConversation: String
    /// The user messages among ``earlierConversation``, joined by newlines: in a conversation the
    /// first request usually names the task a short follow-up ("also mention the room") continues.
    public var earlierUserMessages: String

    public init(
        system: String = "", lastUserMessage: String, earlierConversation: String = "", earlierUserMessages: String = ""
    ) {
        self.system = system
        self.lastUserMessage = lastUserMessage
        self.earlierConversation = earlierConversation
        self.earlierUserMessages = earlierUserMessages
    }

    /// The input of a chat request: `system` and `developer` messages become `system`, the last
    /// `user` message is the one to classify, and the other messages before it are
    /// `earlierConversation` (messages after it are left out).
    public init(messages: [ChatMessage]) {
        let lastUserIndex = messages.lastIndex { $0.role == "user" }
        var system: [String] = []
        var earlier: [String] = []
        var earlierUser: [String] = []
        for (index, message) in messages.enumerated() where index != lastUserIndex {
            if message.role == "system" || message.role == "developer" {
                system.append(message.content)
            } else if lastUserIndex.map({ index < $0 }) ?? true {
                earlier.append(message.content)
                if message.role == "user" { earlierUser.append(message.content) }
            }
        }
        self.init(
            system: system.joined(separator: "\n"),
            lastUserMessage: lastUserIndex.map { messages[$0].content } ?? "",
            earlierConversation: earlier.joined(separator: "\n"),
            earlierUserMessages: earlierUser.joined(separator: "\n")
        )
    }
}
