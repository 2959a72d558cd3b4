/// How the learned classifier names its features: a namespace (unigram, bigram, first words,
/// last words, context words, named structure) mixed with a word hash into one 64-bit key.
enum FeatureKey {
    static let unigram: UInt64 = 0x7531_0000_0000_0001
    static let bigram: UInt64 = 0x7532_0000_0000_0002
    static let head: UInt64 = 0x6865_6164_0000_0003
    static let tail: UInt64 = 0x7461_696c_0000_0004
    static let context: UInt64 = 0x6374_7874_0000_0005
    static let named: UInt64 = 0x6e61_6d65_0000_0006

    /// `word` in `namespace`: SplitMix64's finalizer over their mix, so keys spread evenly over
    /// the model's hash table.
    @inline(__always)
    static func of(_ namespace: UInt64, _ word: UInt64) -> UInt64 {
        var z = (word ^ namespace) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Two adjacent words as one.
    @inline(__always)
    static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 0x100_0000_01b3) ^ (second &+ 0x9E37_79B9)
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
