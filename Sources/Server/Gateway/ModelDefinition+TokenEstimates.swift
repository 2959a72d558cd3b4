import Router

extension ModelDefinition {
    /// The prompt tokens of `messages` as this model counts them, for a provider that reported no
    /// usage: `routedCount` (the cl100k_base count routing made) when the model counts with
    /// cl100k_base, else a count with its own encoding.
    func promptTokens(_ messages: [ChatMessage], routedCount: Int) -> Int {
        encoding == .cl100kBase ? routedCount : Tokenizer.shared(encoding).count(messages: messages)
    }
}
