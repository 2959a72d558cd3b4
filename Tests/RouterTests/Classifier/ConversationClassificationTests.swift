import Foundation
import Router
import Testing

/// What issue 16 asks of the shipped classifier beyond its figures: the whole conversation
/// counts, and no single punctuation mark decides a class.
@Suite struct ConversationClassificationTests {
    let router = RequestRouter(config: .builtIn)

    func taskType(_ messages: [ChatMessage]) -> TaskType {
        router.features(of: messages).classification.taskType
    }

    static let policy = """
        Returns policy. Unworn items may be returned within 30 days of delivery for a full refund to \
        the original payment method. Sale items can be exchanged but not refunded. Refunds are issued \
        within 5 business days after the parcel reaches our warehouse in Leeds. Customers pay return \
        shipping unless the item arrived damaged, in which case we send a prepaid label.
        """

    @Test func aPassageInTheSystemMessageOrAnEarlierTurnMakesAQuestionClosedQA() {
        let question = "How long do I have to send back a jacket I haven't worn?"
        #expect(taskType([ChatMessage(role: "user", content: question)]) != .closedQA)
        #expect(taskType([
            ChatMessage(role: "system", content: "Answer only from this document.\n\n" + Self.policy),
            ChatMessage(role: "user", content: question),
        ]) == .closedQA)
        #expect(taskType([
            ChatMessage(role: "user", content: "Here's the policy from their site:\n\n" + Self.policy),
            ChatMessage(role: "assistant", content: "Got it — ask me anything about it."),
            ChatMessage(role: "user", content: question),
        ]) == .closedQA)
    }

    @Test func aQuestionMarkDoesNotDecideTheClass() {
        let cases: [(String, TaskType)] = [
            ("Can you summarise this email for me in two sentences? " + Self.policy, .summarization),
            ("Could you rewrite this more politely? \"Send me the invoice now, you're late again.\"", .rewrite),
            ("Is this review positive or negative? \"The battery died after two days and support never replied.\"", .classification),
        ]
        for (prompt, expected) in cases {
            #expect(taskType([ChatMessage(role: "user", content: prompt)]) == expected, "\(prompt.prefix(40))")
        }
    }
}
