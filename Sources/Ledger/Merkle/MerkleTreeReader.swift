/// Computes heads and proofs of the tree of the first `size` events from a store's nodes:
/// every subtree hash it needs is O(log n) stored nodes plus at most two 64-leaf blocks, so a
/// proof costs the same on a ledger of a thousand events and of a billion.
///
/// The proof algorithms are RFC 9162 §2.1.3.1 (`PATH`) and §2.1.4.1 (`PROOF`/`SUBPROOF`), on
/// 0-based leaf indices: the event with seq s is leaf s − 1.
///
/// ``prefetch(_:)`` first walks the same algorithms without data to learn which stored nodes they
/// will need, and reads them all in one call: on a networked store a proof then costs one round
/// trip for its nodes, not one per level.
struct MerkleTreeReader {
    let source: any MerkleNodeSource
    let size: Int64
    /// Leaf hashes of the blocks read so far, by block index.
    private var blocks: [Int64: [[UInt8]]] = [:]
    /// Stored nodes read so far.
    private var nodes: [MerkleNodePosition: [UInt8]] = [:]
    /// Positions a prefetch asked for and the store does not hold (computed from their children).
    private var absent: Set<MerkleNodePosition> = []
    /// While prefetching: the stored nodes the walk would read (the walk's hashes are placeholders).
    private var planned: Set<MerkleNodePosition>?

    /// What a reader is about to compute.
    enum Computation {
        case root
        case inclusionPath(leaf: Int64)
        case consistencyPath(from: Int64)
    }

    init(source: any MerkleNodeSource, size: Int64) {
        self.source = source
        self.size = size
    }

    /// Reads, in one call to the source, every stored node that `computations` need (their
    /// arguments must be in range, as for the computations themselves).
    mutating func prefetch(_ computations: [Computation]) async throws {
        planned = []
        for computation in computations {
            switch computation {
            case .root: _ = try await root()
            case .inclusionPath(let leaf): _ = try await inclusionPath(leaf: leaf)
            case .consistencyPath(let first): _ = try await consistencyPath(from: first)
            }
        }
        let wanted = (planned ?? []).subtracting(nodes.keys).subtracting(absent)
        planned = nil
        guard !wanted.isEmpty else { return }
        let found = try await source.storedNodes(at: wanted)
        for position in wanted {
            if let hash = found[position] { nodes[position] = hash } else { absent.insert(position) }
        }
    }

    /// MTH(D[0:size]).
    mutating func root() async throws -> [UInt8] {
        size == 0 ? MerkleHash.emptyRoot : try await subtree(0, size)
    }

    /// PATH(m, D[0:size]): the inclusion proof of leaf `m`, nearest sibling first.
    mutating func inclusionPath(leaf m: Int64) async throws -> [[UInt8]] {
        precondition(m >= 0 && m < size)
        var path: [[UInt8]] = []
        try await inclusionPath(m, 0, size, into: &path)
        return path
    }

    private mutating func inclusionPath(_ m: Int64, _ start: Int64, _ end: Int64, into path: inout [[UInt8]]) async throws {
        let n = end - start
        if n == 1 { return }
        let k = MerkleHash.split(n)
        if m - start < k {
            try await inclusionPath(m, start, start + k, into: &path)
            path.append(try await subtree(start + k, end))
        } else {
            try await inclusionPath(m, start + k, end, into: &path)
            path.append(try await subtree(start, start + k))
        }
    }

    /// PROOF(m, D[0:size]): the consistency proof that the tree of the first `m` leaves is a
    /// prefix of this one (empty when m = size).
    mutating func consistencyPath(from m: Int64) async throws -> [[UInt8]] {
        precondition(m > 0 && m <= size)
        var path: [[UInt8]] = []
        if m < size { try await subproof(m, 0, size, complete: true, into: &path) }
        return path
    }

    private mutating func subproof(
        _ m: Int64, _ start: Int64, _ end: Int64, complete: Bool, into path: inout [[UInt8]]
    ) async throws {
        let n = end - start
        if m == n {
            if !complete { path.append(try await subtree(start, end)) }
            return
        }
        let k = MerkleHash.split(n)
        if m <= k {
            try await subproof(m, start, start + k, complete: complete, into: &path)
            path.append(try await subtree(start + k, end))
        } else {
            try await subproof(m - k, start + k, end, complete: false, into: &path)
            path.append(try await subtree(start, start + k))
        }
    }

    /// MTH(D[start:end]) for 0 ≤ start < end ≤ size.
    mutating func subtree(_ start: Int64, _ end: Int64) async throws -> [UInt8] {
        let n = end - start
        if n & (n - 1) == 0, start % n == 0 {
            return try await perfect(level: n.trailingZeroBitCount, index: start / n)
        }
        let k = MerkleHash.split(n)
        return MerkleHash.node(try await subtree(start, start + k), try await subtree(start + k, end))
    }

    /// The perfect subtree at `level` and `index`: a stored node, or (below the stored level, or
    /// where the store lacks it) computed from its children.
    private mutating func perfect(level: Int, index: Int64) async throws -> [UInt8] {
        if level >= MerkleFrontier.storedLevel {
            let position = MerkleNodePosition(level: level, index: index)
            if planned != nil {
                planned?.insert(position)
                return []
            }
            if let known = nodes[position] { return known }
            if !absent.contains(position), let stored = try await source.storedNode(level: level, index: index) {
                nodes[position] = stored
                return stored
            }
            return MerkleHash.node(
                try await perfect(level: level - 1, index: index * 2), try await perfect(level: level - 1, index: index * 2 + 1))
        }
        if planned != nil { return [] }
        let width = Int64(1) << level
        let first = index * width
        let block = first >> MerkleFrontier.storedLevel
        let leaves = try await blockLeaves(block)
        let offset = Int(first - (block << MerkleFrontier.storedLevel))
        return MerkleHash.root(ofLeaves: leaves[offset..<offset + Int(width)])
    }

    /// The leaf hashes of one block (cut at the tree's size), read once.
    private mutating func blockLeaves(_ block: Int64) async throws -> [[UInt8]] {
        if let cached = blocks[block] { return cached }
        let first = block << MerkleFrontier.storedLevel
        let last = min(first + MerkleFrontier.blockSize, size)
        let hashes = try await source.eventHashes(from: first + 1, through: last)
        guard hashes.count == Int(last - first) else {
            throw LedgerError(.storage, "events \(first + 1)–\(last) are missing from the ledger (\(hashes.count) found)")
        }
        let leaves = hashes.map(MerkleHash.leaf)
        blocks[block] = leaves
        return leaves
    }
}
