/// What a catalog model serves: chat completions (and routing) or embeddings.
public enum ModelKind: String, Codable, CaseIterable, Sendable {
    /// `/v1/chat/completions`; belongs to a tier, so strategies route to it.
    case chat
    /// `/v1/embeddings`, by name only; never a routing candidate.
    case embedding
}
