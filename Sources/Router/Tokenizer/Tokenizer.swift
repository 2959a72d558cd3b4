/// A byte-pair-encoding tokenizer that gives exactly OpenAI's token ids (tiktoken's) for
/// `cl100k_base` and `o200k_base`.
///
/// ```swift
/// let tokenizer = Tokenizer.shared(.o200kBase)
/// tokenizer.encode("Hello world")  // [13225, 2375]
/// ```
///
/// Text is split by a hand-written scanner that reproduces tiktoken's split pattern
/// (`PieceScanner`), then each piece is merged by rank. Special tokens such as `<|endoftext|>`
/// are encoded as ordinary text, like tiktoken's `encode_ordinary`: prompts never contain control
/// tokens.
public final class Tokenizer: Sendable {
    /// The encoding's name.
    public let name: EncodingName
    private let ranks: RankTable
    private let pattern: PieceScanner.Pattern

    /// Loads an encoding from the rank file bundled with the Router module (prefer `shared(_:)`, which loads
    /// each encoding once per process).
    public init(loading name: EncodingName) throws {
        self.name = name
        ranks = try RankTable(rankFile: RankFile.contents(of: name))
        pattern = name == .cl100kBase ? .cl100k : .o200k
    }

    /// The process-wide tokenizer for `name`, loaded on first use.
    public static func shared(_ name: EncodingName) -> Tokenizer {
        switch name {
        case .cl100kBase: SharedTokenizers.cl100kBase
        case .o200kBase: SharedTokenizers.o200kBase
        }
    }

    /// How many tokens the encoding has, not counting special tokens.
    public var vocabularySize: Int { ranks.count }

    /// The token ids of `text`.
    public func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count / 3 + 1)
        encode(text) { ids.append(Int($0)) }
        return ids
    }

    /// How many tokens `text` encodes to (the same merges as `encode`, without building ids).
    public func count(_ text: String) -> Int {
        var count = 0
        withPieces(of: text) { merger, bytes, length in
            count += merger.count(bytes, length)
        }
        return count
    }

    /// Calls `emit` with each token id of `text`, in order.
    @inline(__always)
    private func encode(_ text: String, emit: (UInt32) -> Void) {
        withPieces(of: text) { merger, bytes, length in
            merger.encode(bytes, length, emit: emit)
        }
    }

    /// Splits `text` into pieces and calls `body` with a merger and each piece's bytes, in order.
    @inline(__always)
    private func withPieces(
        of text: String, _ body: (inout BytePairMerger, UnsafePointer<UInt8>, Int) -> Void
    ) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: BytePairMerger.scratchCount) { scratch in
                let scanner = PieceScanner(bytes: base, count: utf8.count, pattern: pattern)
                var merger = BytePairMerger(ranks: ranks, scratch: scratch)
                var start = 0
                while start < utf8.count {
                    let end = scanner.pieceEnd(from: start)
                    body(&merger, base + start, end - start)
                    start = end
                }
            }
        }
    }
}

/// The lazily loaded, process-wide tokenizers (Swift initializes each `static let` once, thread-safely).
private enum SharedTokenizers {
    static let cl100kBase = load(.cl100kBase)
    static let o200kBase = load(.o200kBase)

    private static func load(_ name: EncodingName) -> Tokenizer {
        do {
            return try Tokenizer(loading: name)
        } catch {
            // The rank files are part of the package; without them the build itself is broken.
            fatalError("cannot load the bundled \(name.rawValue) encoding: \(error)")
        }
    }
}
