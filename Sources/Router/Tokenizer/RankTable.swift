import Foundation

/// The mergeable ranks of an encoding: an open-addressing hash table keyed by token bytes.
///
/// All token bytes live in one buffer, so a lookup hashes the bytes in place and allocates nothing.
/// The table is immutable after `init` and lives as long as the process.
final class RankTable: @unchecked Sendable {
    /// The rank of a byte sequence that is not a token.
    static let absent = UInt32.max

    private let tokenBytes: UnsafeMutablePointer<UInt8>
    private let tokenOffsets: UnsafeMutablePointer<UInt32>
    private let tokenLengths: UnsafeMutablePointer<UInt32>
    /// The first 8 bytes of each token, little-endian and zero-padded: tokens up to 8 bytes
    /// compare as one integer.
    private let tokenWords: UnsafeMutablePointer<UInt64>
    private let tokenRanks: UnsafeMutablePointer<UInt32>
    /// `hash tag << 32 | (token index + 1)`; 0 is an empty slot.
    private let slots: UnsafeMutablePointer<UInt64>
    private let mask: Int
    /// The rank of every two-byte sequence, indexed by `first << 8 | second`: the merger's first
    /// round looks up each adjacent byte pair, and this spares it the hashing.
    private let twoByteRanks: UnsafeMutablePointer<UInt32>
    /// How many tokens the table holds.
    let count: Int

    /// Parses a tiktoken rank file: one `base64(token) rank` per line.
    init(rankFile: [UInt8]) throws {
        let lineCount = rankFile.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: rankFile.count)
        let offsets = UnsafeMutablePointer<UInt32>.allocate(capacity: lineCount)
        let lengths = UnsafeMutablePointer<UInt32>.allocate(capacity: lineCount)
        let ranks = UnsafeMutablePointer<UInt32>.allocate(capacity: lineCount)
        var tokens = 0
        var written = 0
        try rankFile.withUnsafeBufferPointer { file in
            var position = 0
            while position < file.count {
                var end = position
                while end < file.count, file[end] != 0x0A { end += 1 }
                defer { position = end + 1 }
                if end == position { continue }
                var space = position
                while space < end, file[space] != 0x20 { space += 1 }
                guard space < end else { throw TokenizerError(message: "a rank-file line has no rank") }
                var rank: UInt32 = 0
                for digit in file[(space + 1)..<end] {
                    guard digit >= 0x30, digit <= 0x39 else { throw TokenizerError(message: "bad rank on a rank-file line") }
                    rank = rank * 10 + UInt32(digit - 0x30)
                }
                let length = try Self.decodeBase64(file[position..<space], into: bytes + written)
                offsets[tokens] = UInt32(written)
                lengths[tokens] = UInt32(length)
                ranks[tokens] = rank
                written += length
                tokens += 1
            }
        }
        tokenBytes = bytes
        tokenOffsets = offsets
        tokenLengths = lengths
        tokenWords = .allocate(capacity: max(tokens, 1))
        for token in 0..<tokens {
            tokenWords[token] = Self.packed(bytes + Int(offsets[token]), min(Int(lengths[token]), 8))
        }
        tokenRanks = ranks
        count = tokens
        var capacity = 1
        while capacity < tokens * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        twoByteRanks = .allocate(capacity: 1 << 16)
        for token in 0..<tokens { insert(token: token) }
        let pair = UnsafeMutablePointer<UInt8>.allocate(capacity: 2)
        defer { pair.deallocate() }
        for index in 0..<(1 << 16) {
            pair[0] = UInt8(truncatingIfNeeded: index >> 8)
            pair[1] = UInt8(truncatingIfNeeded: index)
            twoByteRanks[index] = rank(pair, 2)
        }
    }

    /// The rank of the two bytes `first, second`, or `absent`.
    @inline(__always)
    func pairRank(_ first: UInt8, _ second: UInt8) -> UInt32 {
        twoByteRanks[Int(first) << 8 | Int(second)]
    }

    /// The rank of `bytes[0..<length]`, or `absent`.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        let hash = Self.hash(bytes, length)
        let word = length <= 8 ? Self.packed(bytes, length) : 0
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return Self.absent }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let token = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if Int(tokenLengths[token]) == length,
                    length <= 8
                        ? tokenWords[token] == word
                        : memcmp(tokenBytes + Int(tokenOffsets[token]), bytes, length) == 0
                {
                    return tokenRanks[token]
                }
            }
            slot = (slot + 1) & mask
        }
    }

    private func insert(token: Int) {
        let hash = Self.hash(tokenBytes + Int(tokenOffsets[token]), Int(tokenLengths[token]))
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(token + 1)
    }

    /// A multiply-xorshift hash over 8-byte words; tokens are short, so most take one round.
    @inline(__always)
    private static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var hash = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= length {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < length {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 29
        hash = hash &* 0x9E37_79B9_7F4A_7C15
        return hash ^ (hash >> 32)
    }

    /// Up to 8 bytes as one little-endian integer.
    @inline(__always)
    private static func packed(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<length {
            word |= UInt64(bytes[index]) << UInt64(index * 8)
        }
        return word
    }

    /// Decodes standard base64 (with `=` padding) and returns how many bytes it wrote.
    private static func decodeBase64(_ text: Slice<UnsafeBufferPointer<UInt8>>, into output: UnsafeMutablePointer<UInt8>) throws -> Int {
        var accumulator: UInt32 = 0
        var bits = 0
        var written = 0
        for character in text {
            let value: UInt32
            switch character {
            case 0x41...0x5A: value = UInt32(character - 0x41)
            case 0x61...0x7A: value = UInt32(character - 0x61 + 26)
            case 0x30...0x39: value = UInt32(character - 0x30 + 52)
            case 0x2B: value = 62
            case 0x2F: value = 63
            case 0x3D: continue
            default: throw TokenizerError(message: "bad base64 on a rank-file line")
            }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                written += 1
            }
        }
        return written
    }
}
