/// What strategies route on: the prompt's token count, its classification and a fingerprint of
/// its text (the `random` threshold scorer's input).
public struct RoutingFeatures: Sendable, Hashable {
    /// Prompt tokens as OpenAI counts them (cl100k_base, `Tokenizer.count(messages:)`).
    public var tokenCount: Int
    /// The classifier's task type, dimensions and complexity score.
    public var classification: PromptClassification
    /// A hash of the messages' roles and contents (see ``fingerprint(of:)``).
    public var promptFingerprint: UInt64
    /// The ``PromptClassifier/version`` of the classifier that produced ``classification``; nil
    /// for features read back from a recorded decision.
    public var classifierVersion: String?
    /// Why the configured classifier was not the one that produced ``classification``.
    public var classifierFallback: String?

    /// Features from their parts.
    public init(
        tokenCount: Int, classification: PromptClassification, promptFingerprint: UInt64 = 0,
        classifierVersion: String? = nil, classifierFallback: String? = nil
    ) {
        self.tokenCount = tokenCount
        self.classification = classification
        self.promptFingerprint = promptFingerprint
        self.classifierVersion = classifierVersion
        self.classifierFallback = classifierFallback
    }

    /// A stable 64-bit hash of every message's role and content: FNV-1a over 8-byte little-endian
    /// words (the last word of each text zero-padded, then its byte length mixed in), so the same
    /// prompt always has the same fingerprint, on every platform and run — a word at a time because
    /// a byte at a time cost more than a microsecond per kilobyte on every request.
    public static func fingerprint(of messages: [ChatMessage]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        func mix(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                var index = 0
                while index + 8 <= bytes.count {
                    var word: UInt64 = 0
                    for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
                    hash = (hash ^ word) &* prime
                    index += 8
                }
                var tail: UInt64 = 0
                for offset in 0..<(bytes.count - index) { tail |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
                hash = (hash ^ tail) &* prime
                hash = (hash ^ UInt64(bytes.count)) &* prime
            }
        }
        for message in messages {
            mix(message.role)
            mix(message.content)
        }
        return hash
    }
}
