import Router
import Testing

/// A chat request splits into system text, the last user message and the conversation before it.
@Suite struct ClassifierPromptInputTests {
    @Test func messagesSplitIntoSystemLastUserAndEarlierConversation() {
        let input = PromptInput(messages: [
            ChatMessage(role: "system", content: "Be brief."),
            ChatMessage(role: "user", content: "Name a river."),
            ChatMessage(role: "assistant", content: "The Nile."),
            ChatMessage(role: "system", content: "Answer in French."),
            ChatMessage(role: "user", content: "Another one?"),
        ])
        #expect(input.system == "Be brief.\nAnswer in French.")
        #expect(input.lastUserMessage == "Another one?")
        #expect(input.earlierConversation == "Name a river.\nThe Nile.")
    }

    @Test func messagesWithoutAUserMessageHaveAnEmptyLastUserMessage() {
        let input = PromptInput(messages: [ChatMessage(role: "system", content: "Hello.")])
        #expect(input.lastUserMessage == "")
        #expect(input.system == "Hello.")
        #expect(input.earlierConversation == "")
    }
}
