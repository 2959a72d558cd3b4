/// The character classes tiktoken's split patterns distinguish, as bit flags (one byte per scalar).
///
/// `\s` is Unicode White_Space, as in the Rust `regex` engine tiktoken uses; `\p{L}`, `\p{N}` and
/// `\p{M}` are general categories.
enum ScalarClass {
    /// The Unicode version of the tables in tiktoken's regex engine: scalars assigned later are
    /// unassigned there (so punctuation), whatever the Swift runtime knows of them.
    static let regexUnicodeVersion: Unicode.Version = (16, 0)

    /// `\p{L}`: any letter.
    static let letter: UInt8 = 1 << 0
    /// o200k's upper-case class `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperish: UInt8 = 1 << 1
    /// o200k's lower-case class `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerish: UInt8 = 1 << 2
    /// `\p{N}`.
    static let number: UInt8 = 1 << 3
    /// `\s`.
    static let whitespace: UInt8 = 1 << 4
    /// `[\r\n]`.
    static let newline: UInt8 = 1 << 5
    /// The optional one-scalar prefix of a word, `[^\r\n\p{L}\p{N}]`.
    static let wordPrefix: UInt8 = 1 << 6
    /// Punctuation and everything else, `[^\s\p{L}\p{N}]`.
    static let punctuation: UInt8 = 1 << 7

    /// The flags of one scalar.
    static func flags(of scalar: Unicode.Scalar) -> UInt8 {
        if scalar == "\r" || scalar == "\n" { return whitespace | newline }
        if scalar.properties.isWhitespace { return whitespace | wordPrefix }
        guard let age = scalar.properties.age,
            age.major < regexUnicodeVersion.major
                || (age.major == regexUnicodeVersion.major && age.minor <= regexUnicodeVersion.minor)
        else { return wordPrefix | punctuation }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return letter | upperish
        case .lowercaseLetter: return letter | lowerish
        case .modifierLetter, .otherLetter: return letter | upperish | lowerish
        case .nonspacingMark, .spacingMark, .enclosingMark: return upperish | lowerish | wordPrefix | punctuation
        case .decimalNumber, .letterNumber, .otherNumber: return number
        default: return wordPrefix | punctuation
        }
    }
}

/// The flags of every scalar below U+20000 (the basic and supplementary multilingual planes, where
/// emoji live), computed once per process; the rest are computed on use.
final class ScalarClassTable: @unchecked Sendable {
    /// The process-wide table.
    static let shared = ScalarClassTable()

    /// How many scalars the table covers.
    static let scalarCount = 0x20000
    /// `scalarCount` entries, never freed (the table lives as long as the process).
    let flags: UnsafePointer<UInt8>

    private init() {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.scalarCount)
        for value in 0..<UInt32(Self.scalarCount) {
            // Surrogates are not scalars and never occur in a String.
            table[Int(value)] = Unicode.Scalar(value).map(ScalarClass.flags(of:)) ?? ScalarClass.punctuation
        }
        flags = UnsafePointer(table)
    }
}
