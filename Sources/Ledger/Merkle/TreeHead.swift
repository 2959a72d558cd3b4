/// A signed-off state of the ledger: the Merkle tree of its first `size` events.
///
/// An auditor who keeps a head can later ask for a consistency proof to a newer head and learn
/// whether any of those `size` events was rewritten or cut since.
public struct TreeHead: Sendable, Equatable {
    /// How many events (leaves) the tree holds: seqs 1…size.
    public var size: Int64
    /// MTH of the events' leaf hashes (``MerkleHash``).
    public var rootHash: [UInt8]
    /// The time of the tree's last event (ms since the epoch); 0 for the empty tree. A head of a
    /// given size is therefore the same whenever it is asked for.
    public var timestamp: Int64

    public init(size: Int64, rootHash: [UInt8], timestamp: Int64) {
        self.size = size
        self.rootHash = rootHash
        self.timestamp = timestamp
    }
}

/// Proof that one event is in a tree head (RFC 9162 §2.1.3).
public struct InclusionProof: Sendable, Equatable {
    /// The event's seq; its leaf index is `seq − 1`.
    public var seq: Int64
    public var treeSize: Int64
    /// The event's chain hash (the leaf's data).
    public var eventHash: [UInt8]
    /// The sibling hashes from the leaf up to the root.
    public var path: [[UInt8]]

    public init(seq: Int64, treeSize: Int64, eventHash: [UInt8], path: [[UInt8]]) {
        self.seq = seq
        self.treeSize = treeSize
        self.eventHash = eventHash
        self.path = path
    }

    /// 0-based, as RFC 9162 counts leaves.
    public var leafIndex: Int64 { seq - 1 }
    /// SHA-256(0x00 ‖ event hash).
    public var leafHash: [UInt8] { MerkleHash.leaf(eventHash) }

    /// Whether the proof leads from the event to `root`.
    public func verifies(root: [UInt8]) -> Bool {
        MerkleVerifier.verifyInclusion(leafHash: leafHash, index: leafIndex, size: treeSize, path: path, root: root)
    }
}

/// Proof that the tree of `firstSize` events is a prefix of the tree of `secondSize` (RFC 9162 §2.1.4).
public struct ConsistencyProof: Sendable, Equatable {
    public var firstSize: Int64
    public var secondSize: Int64
    public var path: [[UInt8]]

    public init(firstSize: Int64, secondSize: Int64, path: [[UInt8]]) {
        self.firstSize = firstSize
        self.secondSize = secondSize
        self.path = path
    }

    /// Whether the proof links the two roots.
    public func verifies(firstRoot: [UInt8], secondRoot: [UInt8]) -> Bool {
        MerkleVerifier.verifyConsistency(
            firstSize: firstSize, firstRoot: firstRoot, secondSize: secondSize, secondRoot: secondRoot, path: path)
    }
}
