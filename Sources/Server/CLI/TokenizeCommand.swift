import ArgumentParser
import Foundation
import Router

/// `routeledger tokenize`: prints the token ids of standard input.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of standard input.",
        discussion: """
            Prints {"count":N,"encoding":NAME,"ids":[...]} on one line. Ids are tiktoken's; \
            special tokens such as <|endoftext|> are encoded as ordinary text.
            """
    )

    @Option(help: "The encoding: \(EncodingName.allCases.map(\.rawValue).joined(separator: " or ")).")
    var encoding = EncodingName.cl100kBase.rawValue

    func validate() throws {
        guard EncodingName(rawValue: encoding) != nil else {
            throw ValidationError(
                "unknown encoding '\(encoding)'; expected \(EncodingName.allCases.map(\.rawValue).joined(separator: " or "))")
        }
    }

    func run() throws {
        let name = EncodingName(rawValue: encoding)!
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let ids = Tokenizer.shared(name).encode(text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let output = TokenizeOutput(count: ids.count, encoding: name.rawValue, ids: ids)
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }
}

/// The JSON that `routeledger tokenize` prints.
struct TokenizeOutput: Codable {
    var count: Int
    var encoding: String
    var ids: [Int]
}
