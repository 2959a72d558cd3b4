/// What strategies route on: the prompt's token count, its classification and a fingerprint of
/// its text (the `random` threshold scorer's input).
public struct RoutingFeatures: Sendable, Hashable {
    /// Prompt tokens as OpenAI counts them (cl100k_base, `Tokenizer.count(messages:)`).
    public var tokenCount: Int
    /// The classifier's task type, dimensions and complexity score.
    public var classification: PromptClassification
    /// FNV-1a of the messages' roles and contents (see ``fingerprint(of:)``).
    public var promptFingerprint: UInt64

    /// Features from their parts.
    public init(tokenCount: Int, classification: PromptClassification, promptFingerprint: UInt64 = 0) {
        self.tokenCount = tokenCount
        self.classification = classification
        self.promptFingerprint = promptFingerprint
    }

    /// A stable 64-bit FNV-1a hash of every message's role and content, each followed by a 0 byte:
    /// the same prompt always has the same fingerprint, on every platform and run.
    public static func fingerprint(of messages: [ChatMessage]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        for message in messages {
            for text in [message.role, message.content] {
                for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
                hash = hash &* prime
            }
        }
        return hash
    }
}
