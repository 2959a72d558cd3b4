/// How the learned classifier names its features: a namespace (word, first words,
/// last words, context words, named structure) mixed with a word hash into one 64-bit key.
enum FeatureKey {
    static let unigram: UInt64 = 0x7531_0000_0000_0001
    static let head: UInt64 = 0x6865_6164_0000_0003
    static let tail: UInt64 = 0x7461_696c_0000_0004
    static let context: UInt64 = 0x6374_7874_0000_0005
    static let named: UInt64 = 0x6e61_6d65_0000_0006
    static let cjkPair: UInt64 = 0x636a_6b32_0000_0009
    static let earlierUser: UInt64 = 0x7573_6572_0000_0007
    static let earlierUserHead: UInt64 = 0x7573_6864_0000_0008

    /// `word` in `namespace`: one multiply-xorshift round over their mix (the word is already an
    /// FNV-1a hash), so keys spread evenly over the model's hash table, which indexes by the top bits.
    @inline(__always)
    static func of(_ namespace: UInt64, _ word: UInt64) -> UInt64 {
        let z = (word ^ namespace) &* 0x9E37_79B9_7F4A_7C15
        return z ^ (z >> 29)
    }

    /// A named structural feature (`q_end`, `msg_words_b5`).
    static func named(_ name: String) -> UInt64 {
        of(named, name.unicodeScalars.reduce(WordHash.empty) { WordHash.adding($1, to: $0) })
    }

    /// Named features `prefix0` … `prefix<count-1>`, computed once.
    static func series(_ prefix: String, _ count: Int) -> [UInt64] {
        (0..<count).map { named(prefix + String($0)) }
    }
}
