import SQLiteSupport

/// The Merkle tree's rows in an SQLite ledger, read (and, on the writer's connection, written)
/// through statements prepared once per use of a connection.
final class SQLiteMerkleNodes: MerkleNodeSource {
    private let connection: SQLiteConnection
    /// Nil on a read-only ledger written before the tree existed: every node is then computed.
    private let selectNode: SQLiteStatement?
    private let selectHashes: SQLiteStatement
    /// Prepared on every connection; only the writer's ever steps it.
    private let insertNode: SQLiteStatement?

    init(connection: SQLiteConnection) throws {
        self.connection = connection
        selectNode = try? connection.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
        selectHashes = try connection.prepare("SELECT hash FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq")
        insertNode = try? connection.prepare("INSERT OR REPLACE INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
    }

    func storedNode(level: Int, index: Int64) throws -> [UInt8]? {
        guard let selectNode else { return nil }
        selectNode.bind(1, Int64(level))
        selectNode.bind(2, index)
        defer { selectNode.reset() }
        return try selectNode.step() ? selectNode.blob(0) : nil
    }

    func eventHashes(from first: Int64, through last: Int64) throws -> [[UInt8]] {
        guard first <= last else { return [] }
        selectHashes.bind(1, first)
        selectHashes.bind(2, last)
        defer { selectHashes.reset() }
        var hashes: [[UInt8]] = []
        hashes.reserveCapacity(Int(last - first + 1))
        while try selectHashes.step() { hashes.append(selectHashes.blob(0)) }
        return hashes
    }

    /// Writes completed nodes (inside the caller's transaction).
    func insert(_ nodes: [MerkleNode]) throws {
        guard !nodes.isEmpty else { return }
        guard let insertNode else { throw LedgerError(.storage, "the ledger has no Merkle tree table") }
        for node in nodes {
            insertNode.bind(1, Int64(node.level))
            insertNode.bind(2, node.index)
            insertNode.bind(3, node.hash)
            defer { insertNode.reset() }
            try insertNode.step()
        }
    }

    /// How many complete blocks have their stored node: the tree's stored size is this × 64.
    func storedBlockCount() throws -> Int64 {
        let statement = try connection.prepare(
            "SELECT max(idx) FROM merkle_nodes WHERE level = \(MerkleFrontier.storedLevel)")
        guard try statement.step(), !statement.isNull(0) else { return 0 }
        return statement.int64(0) + 1
    }

    /// The frontier of the tree of the first `size` events, read from the stored nodes and the
    /// open block's event hashes. Nodes must be stored for every complete block below `size`.
    func frontier(size: Int64) throws -> MerkleFrontier {
        var waiting: [Int: [UInt8]] = [:]
        for level in MerkleFrontier.waitingLevels(size: size) {
            let index = (size >> level) - 1
            guard let hash = try storedNode(level: level, index: index) else {
                throw LedgerError(.storage, "the Merkle tree node (level \(level), index \(index)) is missing from the ledger")
            }
            waiting[level] = hash
        }
        let openStart = size - size % MerkleFrontier.blockSize
        let openBlock = try eventHashes(from: openStart + 1, through: size).map(MerkleHash.leaf)
        return MerkleFrontier(size: size, openBlock: openBlock, waiting: waiting)
    }

    /// The frontier at `size`, after storing the nodes of every complete block the table lacks
    /// (a ledger written before the tree existed, or by an older build): one pass over those
    /// events' hashes, inside the caller's write transaction.
    func catchUp(to size: Int64) throws -> MerkleFrontier {
        let storedSize = try storedBlockCount() * MerkleFrontier.blockSize
        if storedSize >= size - size % MerkleFrontier.blockSize { return try frontier(size: size) }
        var frontier = try frontier(size: storedSize)
        var next = storedSize + 1
        while next <= size {
            let last = min(size, next + 16_383)
            for hash in try eventHashes(from: next, through: last) {
                try insert(frontier.append(eventHash: hash))
            }
            next = last + 1
        }
        return frontier
    }
}
