/// The byte-pair merge for long pieces: the same merges as `BytePairMerger` (lowest rank first,
/// leftmost on ties) found with a min-heap over a linked list of parts, so a piece of n bytes
/// costs O(n log n) instead of O(n²) — a megabyte of one letter must not stall a request.
///
/// A heap entry is `rank << 32 | start`; an entry whose part was merged away or whose pair rank
/// changed is stale and skipped (a rank names exactly one byte string, so an unchanged rank means
/// an unchanged pair).
struct LongPieceMerger {
    private let ranks: RankTable
    /// The start of the part after the part that starts at `i` (`length` for the last part).
    private var next: [Int] = []
    /// The start of the part before the part that starts at `i`.
    private var previous: [Int] = []
    /// The rank of the part that starts at `i` joined with the part after it.
    private var pairRank: [UInt32] = []
    private var heap: [UInt64] = []

    init(ranks: RankTable) {
        self.ranks = ranks
    }

    /// Calls `emit` with the ids of the piece `bytes[0..<length]` (at least 2 bytes).
    mutating func encode(_ bytes: UnsafePointer<UInt8>, _ length: Int, emit: (UInt32) -> Void) {
        next = Array(1...(length + 1))
        previous = Array(-1..<length)
        pairRank = [UInt32](repeating: RankTable.absent, count: length + 1)
        heap.removeAll(keepingCapacity: true)
        for start in 0..<(length - 1) {
            pairRank[start] = ranks.rank(bytes + start, 2)
            push(pairRank[start], start)
        }
        while let entry = popMinimum() {
            let rank = UInt32(truncatingIfNeeded: entry >> 32)
            let start = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            guard pairRank[start] == rank, next[start] < length else { continue }
            let removed = next[start]
            next[start] = next[removed]
            previous[next[removed]] = start
            pairRank[removed] = RankTable.absent
            updatePair(at: start, bytes, length)
            if start > 0 { updatePair(at: previous[start], bytes, length) }
        }
        var start = 0
        while start < length {
            emit(ranks.rank(bytes + start, next[start] - start))
            start = next[start]
        }
    }

    private mutating func updatePair(at start: Int, _ bytes: UnsafePointer<UInt8>, _ length: Int) {
        let partner = next[start]
        guard partner < length else {
            pairRank[start] = RankTable.absent
            return
        }
        pairRank[start] = ranks.rank(bytes + start, next[partner] - start)
        push(pairRank[start], start)
    }

    private mutating func push(_ rank: UInt32, _ start: Int) {
        guard rank != RankTable.absent else { return }
        heap.append(UInt64(rank) << 32 | UInt64(start))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if heap[parent] <= heap[child] { break }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func popMinimum() -> UInt64? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let minimum = heap[0]
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { break }
            let right = left + 1
            let smaller = right < heap.count && heap[right] < heap[left] ? right : left
            if heap[parent] <= heap[smaller] { break }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
        return minimum
    }
}
