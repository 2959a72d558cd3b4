/// Splits UTF-8 text into the pieces tiktoken's split pattern would match, without a regex engine.
///
/// Each method reproduces one pattern from tiktoken's `openai_public.py` (0.14), alternative by
/// alternative, with the leftmost-first, backtracking semantics of `fancy-regex`. The pattern is
/// quoted above the method that implements it.
struct PieceScanner {
    /// Which split pattern to reproduce.
    enum Pattern {
        case cl100k
        case o200k
    }

    let bytes: UnsafePointer<UInt8>
    let count: Int
    let pattern: Pattern
    private let tabledFlags: UnsafePointer<UInt8>

    init(bytes: UnsafePointer<UInt8>, count: Int, pattern: Pattern) {
        self.bytes = bytes
        self.count = count
        self.pattern = pattern
        tabledFlags = ScalarClassTable.shared.flags
    }

    /// The end (exclusive byte offset) of the piece that starts at `start`.
    @inline(__always)
    func pieceEnd(from start: Int) -> Int {
        switch pattern {
        case .cl100k: cl100kEnd(from: start)
        case .o200k: o200kEnd(from: start)
        }
    }

    /// The flags and UTF-8 length of the scalar at byte offset `index`.
    @inline(__always)
    private func scalar(at index: Int) -> (flags: UInt8, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (tabledFlags[Int(lead)], 1) }
        if lead < 0xE0 {
            return (tabledFlags[Int(lead & 0x1F) << 6 | Int(bytes[index + 1] & 0x3F)], 2)
        }
        if lead < 0xF0 {
            let value = Int(lead & 0x0F) << 12 | Int(bytes[index + 1] & 0x3F) << 6 | Int(bytes[index + 2] & 0x3F)
            return (tabledFlags[value], 3)
        }
        let value =
            UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        if value < ScalarClassTable.scalarCount { return (tabledFlags[Int(value)], 4) }
        return (ScalarClass.flags(of: Unicode.Scalar(value) ?? "\u{FFFD}"), 4)
    }

    /// The flags of the scalar at `index`, or 0 past the end.
    @inline(__always)
    private func flags(at index: Int) -> UInt8 {
        index < count ? scalar(at: index).flags : 0
    }

    /// The end of the run of scalars that have any of `flags`, starting at `index`.
    @inline(__always)
    private func run(of flags: UInt8, from index: Int) -> Int {
        var end = index
        while end < count {
            let next = scalar(at: end)
            if next.flags & flags == 0 { break }
            end += next.length
        }
        return end
    }

    /// `'(?i:[sdmt]|ll|ve|re)` (also o200k's `(?i:'s|'t|'re|'ve|'m|'ll|'d)`) at `index`, or nil.
    ///
    /// Case-insensitive matching folds `s` with `ſ` (U+017F), as Unicode simple case folding does.
    @inline(__always)
    private func contractionEnd(at index: Int) -> Int? {
        guard index + 1 < count, bytes[index] == 0x27 else { return nil }
        if bytes[index + 1] == 0xC5, index + 2 < count, bytes[index + 2] == 0xBF { return index + 3 }  // ſ
        let first = bytes[index + 1] | 0x20
        switch first {
        case 0x73, 0x64, 0x6D, 0x74: return index + 2  // s d m t
        default: break
        }
        guard index + 2 < count else { return nil }
        let second = bytes[index + 2] | 0x20
        switch (first, second) {
        case (0x6C, 0x6C), (0x76, 0x65), (0x72, 0x65): return index + 3  // ll ve re
        default: return nil
        }
    }

    /// `\p{N}{1,3}` at `index`, which holds a number.
    @inline(__always)
    private func numberEnd(from index: Int) -> Int {
        var end = index
        var digits = 0
        while digits < 3, end < count {
            let next = scalar(at: end)
            if next.flags & ScalarClass.number == 0 { break }
            end += next.length
            digits += 1
        }
        return end
    }

    /// ` ?[^\s\p{L}\p{N}]+` followed by any run of `trailing` bytes, or nil.
    @inline(__always)
    private func punctuationEnd(from index: Int, trailing: (UInt8) -> Bool) -> Int? {
        var start = index
        if bytes[index] == 0x20, flags(at: index + 1) & ScalarClass.punctuation != 0 { start = index + 1 }
        guard flags(at: start) & ScalarClass.punctuation != 0 else { return nil }
        var end = run(of: ScalarClass.punctuation, from: start)
        while end < count, trailing(bytes[end]) { end += 1 }
        return end
    }

    /// A whitespace run starting at `index`: its end, the end of its last newline (or nil) and the
    /// start of its last scalar.
    @inline(__always)
    private func whitespaceRun(from index: Int) -> (end: Int, newlineEnd: Int?, lastStart: Int) {
        var end = index
        var newlineEnd: Int?
        var lastStart = index
        while end < count {
            let next = scalar(at: end)
            if next.flags & ScalarClass.whitespace == 0 { break }
            lastStart = end
            end += next.length
            if next.flags & ScalarClass.newline != 0 { newlineEnd = end }
        }
        return (end, newlineEnd, lastStart)
    }

    // cl100k_base:
    // '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
    private func cl100kEnd(from index: Int) -> Int {
        if let end = contractionEnd(at: index) { return end }
        let first = scalar(at: index)
        if first.flags & ScalarClass.letter != 0 { return run(of: ScalarClass.letter, from: index) }
        if first.flags & ScalarClass.wordPrefix != 0, flags(at: index + first.length) & ScalarClass.letter != 0 {
            return run(of: ScalarClass.letter, from: index + first.length)
        }
        if first.flags & ScalarClass.number != 0 { return numberEnd(from: index) }
        if let end = punctuationEnd(from: index, trailing: { $0 == 0x0D || $0 == 0x0A }) { return end }
        let whitespace = whitespaceRun(from: index)
        if whitespace.end == count { return count }
        if let newlineEnd = whitespace.newlineEnd { return newlineEnd }
        return whitespace.lastStart > index ? whitespace.lastStart : whitespace.end
    }

    // o200k_base, alternatives joined by |:
    // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    // \p{N}{1,3}
    //  ?[^\s\p{L}\p{N}]+[\r\n/]*
    // \s*[\r\n]+
    // \s+(?!\S)
    // \s+
    private func o200kEnd(from index: Int) -> Int {
        let first = scalar(at: index)
        let hasPrefix = first.flags & ScalarClass.wordPrefix != 0
        let afterPrefix = index + first.length
        if let end = (hasPrefix ? lowerWordEnd(from: afterPrefix) : nil) ?? lowerWordEnd(from: index)
            ?? (hasPrefix ? upperWordEnd(from: afterPrefix) : nil) ?? upperWordEnd(from: index)
        {
            return contractionEnd(at: end) ?? end
        }
        if first.flags & ScalarClass.number != 0 { return numberEnd(from: index) }
        if let end = punctuationEnd(from: index, trailing: { $0 == 0x0D || $0 == 0x0A || $0 == 0x2F }) { return end }
        let whitespace = whitespaceRun(from: index)
        if let newlineEnd = whitespace.newlineEnd { return newlineEnd }
        if whitespace.end == count { return count }
        return whitespace.lastStart > index ? whitespace.lastStart : whitespace.end
    }

    /// `[upper]*[lower]+` from `index`, or nil: the upper-case run backtracks to its last scalar
    /// that is also lower-case when no lower-case scalar follows it.
    @inline(__always)
    private func lowerWordEnd(from index: Int) -> Int? {
        var end = index
        var lastLowerEnd: Int?
        while end < count {
            let next = scalar(at: end)
            if next.flags & ScalarClass.upperish == 0 { break }
            end += next.length
            if next.flags & ScalarClass.lowerish != 0 { lastLowerEnd = end }
        }
        if flags(at: end) & ScalarClass.lowerish != 0 { return run(of: ScalarClass.lowerish, from: end) }
        return lastLowerEnd
    }

    /// `[upper]+[lower]*` from `index`, or nil.
    @inline(__always)
    private func upperWordEnd(from index: Int) -> Int? {
        let upperEnd = run(of: ScalarClass.upperish, from: index)
        guard upperEnd > index else { return nil }
        return run(of: ScalarClass.lowerish, from: upperEnd)
    }
}
