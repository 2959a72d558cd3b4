/// Words are compared by a 64-bit FNV-1a hash of their lowercase scalars, built while scanning,
/// so reading a prompt allocates no string per word.
enum WordHash {
    static let empty: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    /// The hash of a run of digits: every number is the same word, so `9 words` matches `50 words`.
    static let number: UInt64 = 0x6e75_6d62_6572_2323

    /// The top bit marks a CJK character's word, so pairs of adjacent characters (most Chinese and
    /// Japanese words are two) can be told from the word hashes alone; other words have it clear.
    static let cjkBit: UInt64 = 1 << 63
    static let wordMask: UInt64 = ~cjkBit

    /// The word of one CJK character.
    @inline(__always)
    static func ofCJKCharacter(_ scalar: Unicode.Scalar) -> UInt64 {
        adding(scalar, to: empty) | cjkBit
    }

    @inline(__always)
    static func isCJKCharacter(_ word: UInt64) -> Bool {
        word & cjkBit != 0
    }

    /// `hash` extended by one scalar.
    @inline(__always)
    static func adding(_ scalar: Unicode.Scalar, to hash: UInt64) -> UInt64 {
        var value = scalar.value
        var result = hash
        repeat {
            result = (result ^ UInt64(value & 0xFF)) &* prime
            value >>= 8
        } while value != 0
        return result
    }

    /// The hash ``ScannedText`` gives a line label: its letters lowercased, digits and spaces left out
    /// (`Example 1` and `example` are the same label).
    static func ofLabel(_ label: String) -> UInt64 {
        label.unicodeScalars.reduce(empty) { hash, scalar in
            scalar.properties.isAlphabetic ? adding(ScannedText.lowercased(scalar), to: hash) : hash
        }
    }
}
