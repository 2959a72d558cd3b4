/// What a store gives the Merkle tree reader: its stored nodes and its events' chain hashes.
///
/// Async, because a networked store (PostgreSQL) reads them over its connection; the SQLite
/// store answers on the blocking-I/O thread the read already runs on.
public protocol MerkleNodeSource {
    /// The stored node at `level` (≥ ``MerkleFrontier/storedLevel``) and `index`; nil when the
    /// store does not hold it (a ledger written before the tree existed, not yet backfilled).
    func storedNode(level: Int, index: Int64) async throws -> [UInt8]?
    /// The stored nodes at `positions`, read together; positions the store does not hold are left
    /// out. A networked store answers in one statement, so a proof costs one round trip for its
    /// nodes instead of one per level.
    func storedNodes(at positions: Set<MerkleNodePosition>) async throws -> [MerkleNodePosition: [UInt8]]
    /// The chain hashes of the events `first...last` (1-based seqs), in order.
    func eventHashes(from first: Int64, through last: Int64) async throws -> [[UInt8]]
    /// The chain hashes of the events `seqs`, read together; seqs the store does not hold are
    /// left out.
    func eventHashes(of seqs: Set<Int64>) async throws -> [Int64: [UInt8]]
}

/// Where a perfect subtree sits in the tree: its height above the leaves and its index in that row.
public struct MerkleNodePosition: Hashable, Sendable {
    public var level: Int
    public var index: Int64

    public init(level: Int, index: Int64) {
        self.level = level
        self.index = index
    }
}

extension MerkleNodeSource {
    /// One read per position: right for a store whose reads are local (SQLite).
    public func storedNodes(at positions: Set<MerkleNodePosition>) async throws -> [MerkleNodePosition: [UInt8]] {
        var nodes: [MerkleNodePosition: [UInt8]] = [:]
        for position in positions {
            if let hash = try await storedNode(level: position.level, index: position.index) { nodes[position] = hash }
        }
        return nodes
    }

    /// One read per seq: right for a store whose reads are local (SQLite).
    public func eventHashes(of seqs: Set<Int64>) async throws -> [Int64: [UInt8]] {
        var hashes: [Int64: [UInt8]] = [:]
        for seq in seqs where seq >= 1 {
            if let hash = try await eventHashes(from: seq, through: seq).first { hashes[seq] = hash }
        }
        return hashes
    }
}
