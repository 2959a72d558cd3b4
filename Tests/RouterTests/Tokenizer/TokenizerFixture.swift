import Foundation
import Router

/// `Fixtures/tokenizer_fixture.json`: texts with the ids pip `tiktoken` gave for them, and chat
/// message lists with the cookbook's counts (written once by `make_tokenizer_fixture.py`).
struct TokenizerFixture: Decodable {
    struct Case: Decodable {
        var text: String
        var ids: [Int]
    }

    struct MessageCase: Decodable {
        var messages: [ChatMessage]
        var counts: [String: Int]
    }

    var encodings: [String: [Case]]
    var messages: [MessageCase]

    static let shared: TokenizerFixture = {
        let url = Bundle.module.url(forResource: "tokenizer_fixture", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(TokenizerFixture.self, from: Data(contentsOf: url))
    }()

    /// The cases of one encoding.
    static func cases(_ name: EncodingName) -> [Case] {
        shared.encodings[name.rawValue] ?? []
    }
}
