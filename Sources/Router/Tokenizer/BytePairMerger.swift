/// Merges the bytes of one piece into tokens: tiktoken's byte-pair algorithm, which repeatedly
/// merges the adjacent pair whose concatenation has the lowest rank (the leftmost on ties).
///
/// Its scratch buffers are reused from piece to piece. Pieces longer than `longPiece` bytes go to
/// `LongPieceMerger`, which makes the same merges in O(n log n).
struct BytePairMerger {
    /// Above this many bytes a piece is merged with a heap; below it, scanning an array is faster.
    static let longPiece = 64
    private let ranks: RankTable
    private var long: LongPieceMerger
    /// Start offset of each part, then the piece's length as a sentinel.
    private var starts: [Int] = []
    /// Rank of part `i` merged with part `i + 1`.
    private var pairRanks: [UInt32] = []

    init(ranks: RankTable) {
        self.ranks = ranks
        long = LongPieceMerger(ranks: ranks)
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
        merge(bytes, length)
        for part in 0..<(starts.count - 1) {
            emit(ranks.rank(bytes + starts[part], starts[part + 1] - starts[part]))
        }
    }

    private mutating func merge(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        starts.removeAll(keepingCapacity: true)
        pairRanks.removeAll(keepingCapacity: true)
        for index in 0..<length {
            starts.append(index)
            pairRanks.append(index + 1 < length ? ranks.rank(bytes + index, 2) : RankTable.absent)
        }
        starts.append(length)
        pairRanks.append(RankTable.absent)

        // The rank of parts i, i+1 and i+2 joined: what part i's pair becomes after a merge.
        func joinedRank(_ part: Int) -> UInt32 {
            part + 3 < starts.count ? ranks.rank(bytes + starts[part], starts[part + 3] - starts[part]) : RankTable.absent
        }
        while true {
            var best = RankTable.absent
            var bestPart = 0
            for part in 0..<(pairRanks.count - 1) where pairRanks[part] < best {
                best = pairRanks[part]
                bestPart = part
            }
            if best == RankTable.absent { break }
            if bestPart > 0 { pairRanks[bestPart - 1] = joinedRank(bestPart - 1) }
            pairRanks[bestPart] = joinedRank(bestPart)
            starts.remove(at: bestPart + 1)
            pairRanks.remove(at: bestPart + 1)
        }
    }
}
