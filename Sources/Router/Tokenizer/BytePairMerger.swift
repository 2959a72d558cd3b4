import Foundation

/// Merges the bytes of one piece into tokens: tiktoken's byte-pair algorithm, which repeatedly
/// merges the adjacent pair whose concatenation has the lowest rank (the leftmost on ties).
///
/// Pieces up to `longPiece` bytes are merged in two fixed scratch arrays the caller provides (no
/// allocation per piece); longer pieces go to `LongPieceMerger`, which makes the same merges in
/// O(n log n).
struct BytePairMerger {
    /// Above this many bytes a piece is merged with a heap; below it, scanning an array is faster.
    static let longPiece = 64
    /// How many `UInt32`s of scratch space `init` needs.
    static let scratchCount = 2 * (longPiece + 1)

    private let ranks: RankTable
    private var long: LongPieceMerger
    /// Start offset of each part, then the piece's length as a sentinel.
    private let starts: UnsafeMutablePointer<UInt32>
    /// Rank of part `i` merged with part `i + 1`.
    private let pairRanks: UnsafeMutablePointer<UInt32>

    /// A merger that uses `scratch` (at least `scratchCount` elements) while it lives.
    init(ranks: RankTable, scratch: UnsafeMutableBufferPointer<UInt32>) {
        precondition(scratch.count >= Self.scratchCount)
        self.ranks = ranks
        long = LongPieceMerger(ranks: ranks)
        starts = scratch.baseAddress!
        pairRanks = scratch.baseAddress! + (Self.longPiece + 1)
    }

    /// Calls `emit` with the ids of the piece `bytes[0..<length]`.
    @inline(__always)
    mutating func encode(_ bytes: UnsafePointer<UInt8>, _ length: Int, emit: (UInt32) -> Void) {
        let whole = ranks.rank(bytes, length)
        if whole != RankTable.absent {
            emit(whole)
            return
        }
        if length > Self.longPiece {
            long.encode(bytes, length, emit: emit)
            return
        }
        let parts = merge(bytes, length)
        for part in 0..<parts {
            let start = Int(starts[part])
            emit(ranks.rank(bytes + start, Int(starts[part + 1]) - start))
        }
    }

    /// How many tokens the piece `bytes[0..<length]` encodes to; the same merges as `encode`
    /// without looking up the ids of the final parts.
    @inline(__always)
    mutating func count(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int {
        if ranks.rank(bytes, length) != RankTable.absent { return 1 }
        if length > Self.longPiece {
            var count = 0
            long.encode(bytes, length) { _ in count += 1 }
            return count
        }
        return merge(bytes, length)
    }

    /// Merges `bytes[0..<length]` (at most `longPiece` bytes) and returns how many parts are left;
    /// `starts[0...parts]` then hold the parts' bounds.
    private mutating func merge(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int {
        let starts = starts
        let pairRanks = pairRanks
        for index in 0..<length {
            starts[index] = UInt32(truncatingIfNeeded: index)
        }
        starts[length] = UInt32(truncatingIfNeeded: length)
        for index in 0..<(length - 1) {
            pairRanks[index] = ranks.pairRank(bytes[index], bytes[index + 1])
        }
        var parts = length

        // The rank of parts i and i+1 joined (both exist).
        func joinedRank(_ part: Int) -> UInt32 {
            let start = Int(starts[part])
            return ranks.rank(bytes + start, Int(starts[part + 2]) - start)
        }
        while parts > 1 {
            var best = RankTable.absent
            var bestPart = 0
            for part in 0..<(parts - 1) where pairRanks[part] < best {
                best = pairRanks[part]
                bestPart = part
            }
            if best == RankTable.absent { break }
            // Part bestPart + 1 joins part bestPart: drop its start (and its pair rank).
            memmove(starts + bestPart + 1, starts + bestPart + 2, (parts - bestPart - 1) * MemoryLayout<UInt32>.stride)
            let pairsAfter = parts - bestPart - 3
            if pairsAfter > 0 {
                memmove(pairRanks + bestPart + 1, pairRanks + bestPart + 2, pairsAfter * MemoryLayout<UInt32>.stride)
            }
            parts -= 1
            pairRanks[bestPart] = bestPart + 1 < parts ? joinedRank(bestPart) : RankTable.absent
            if bestPart > 0 { pairRanks[bestPart - 1] = joinedRank(bestPart - 1) }
        }
        return parts
    }
}
