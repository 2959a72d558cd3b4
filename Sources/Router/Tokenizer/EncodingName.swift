/// The byte-pair encodings the tokenizer ships, named as tiktoken names them.
public enum EncodingName: String, CaseIterable, Sendable, Codable {
    /// GPT-4, GPT-3.5-turbo and the text-embedding-3 models.
    case cl100kBase = "cl100k_base"
    /// GPT-4o, GPT-4.1, o1, o3 and later models.
    case o200kBase = "o200k_base"

    /// The uncompressed rank file bundled with the Router module (lines of `base64(token) rank`), checked
    /// against tiktoken's SHA-256 — so another tokenizer (tiktoken in `bench router`) can load the
    /// very same ranks offline.
    public func rankFileContents() throws -> [UInt8] {
        try RankFile.contents(of: self)
    }

    /// tiktoken's published SHA-256 of the uncompressed rank file; checked when the file is loaded.
    var rankFileSHA256: String {
        switch self {
        case .cl100kBase: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        case .o200kBase: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        }
    }
}
