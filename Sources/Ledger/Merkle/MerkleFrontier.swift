/// The right edge of the ledger's Merkle tree, kept as events are appended: O(log n) memory,
/// amortized O(1) and at most O(log n) hashes per appended event.
///
/// The tree's perfect subtrees of ``storedLevel`` (64 leaves) and above are the ones a store
/// keeps (``MerkleNode``): about n / 32 rows for n events. Lower levels are recomputed from the
/// events' own hashes when a proof needs them — at most 64 hashes read per block — so the tree
/// costs the store almost nothing while a proof still reads O(log n) rows.
public struct MerkleFrontier: Sendable, Equatable {
    /// The lowest level whose nodes are stored: a stored node covers at least 2^6 = 64 leaves.
    public static let storedLevel = 6
    /// Leaves per block (one stored node of ``storedLevel``).
    public static let blockSize = Int64(1) << storedLevel

    /// How many leaves (events) the tree holds.
    public private(set) var size: Int64
    /// The leaf hashes of the block not yet complete (fewer than ``blockSize``).
    public private(set) var openBlock: [[UInt8]]
    /// For each level at or above ``storedLevel``, the complete node still waiting for its right
    /// sibling (present exactly where the level's bit of `size` is set).
    public private(set) var waiting: [Int: [UInt8]]

    /// The empty tree.
    public init() {
        self.init(size: 0, openBlock: [], waiting: [:])
    }

    /// A frontier read back from a store: `waiting` must hold the node for every set bit of
    /// `size` at or above ``storedLevel``, and `openBlock` the last `size % 64` leaf hashes.
    public init(size: Int64, openBlock: [[UInt8]], waiting: [Int: [UInt8]]) {
        self.size = size
        self.openBlock = openBlock
        self.waiting = waiting
    }

    /// The levels at which `size` leaves leave a node waiting (the set bits from ``storedLevel`` up).
    public static func waitingLevels(size: Int64) -> [Int] {
        (storedLevel..<64).filter { size & (Int64(1) << $0) != 0 }
    }

    /// Adds the leaf of the next event and returns the stored nodes it completed (none for 63
    /// of every 64 events).
    public mutating func append(eventHash: [UInt8]) -> [MerkleNode] {
        openBlock.append(MerkleHash.leaf(eventHash))
        size += 1
        guard openBlock.count == Int(Self.blockSize) else { return [] }
        var completed = [MerkleNode(
            level: Self.storedLevel, index: (size - 1) >> Self.storedLevel,
            hash: MerkleHash.root(ofLeaves: openBlock[...]))]
        openBlock.removeAll(keepingCapacity: true)
        while true {
            let node = completed[completed.count - 1]
            if node.index & 1 == 0 {
                waiting[node.level] = node.hash
                break
            }
            let left = waiting.removeValue(forKey: node.level)!
            completed.append(MerkleNode(level: node.level + 1, index: node.index >> 1, hash: MerkleHash.node(left, node.hash)))
        }
        return completed
    }

    /// The root of the tree of ``size`` leaves (RFC 6962's MTH).
    public var root: [UInt8] {
        // The tree is the perfect subtrees of the set bits of `size`, largest (leftmost) first,
        // joined from the right: the open block's part first, then the waiting nodes upwards.
        var subtrees: [[UInt8]] = []
        var start = 0
        var remaining = openBlock.count
        while remaining > 0 {
            let width = 1 << (Int.bitWidth - 1 - remaining.leadingZeroBitCount)
            subtrees.append(MerkleHash.root(ofLeaves: openBlock[start..<start + width]))
            start += width
            remaining -= width
        }
        for level in Self.waitingLevels(size: size) {
            subtrees.insert(waiting[level]!, at: 0)
        }
        guard var root = subtrees.popLast() else { return MerkleHash.emptyRoot }
        while let left = subtrees.popLast() { root = MerkleHash.node(left, root) }
        return root
    }
}

/// A stored node of the Merkle tree: the root of the perfect subtree over leaves
/// `[index · 2^level, (index + 1) · 2^level)`.
public struct MerkleNode: Sendable, Equatable {
    public var level: Int
    public var index: Int64
    public var hash: [UInt8]

    public init(level: Int, index: Int64, hash: [UInt8]) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}
