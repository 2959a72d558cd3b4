import Ledger
import Logging
import NIOCore
import PostgresNIO

/// The Merkle tree's rows and the events' hashes, read on one connection (in the caller's
/// transaction, so from one snapshot).
struct PostgresMerkleNodes: MerkleNodeSource {
    let connection: PostgresConnection
    let logger: Logger

    func storedNode(level: Int, index: Int64) async throws -> [UInt8]? {
        let rows = try await connection.query(
            "SELECT hash FROM merkle_nodes WHERE level = \(Int32(level)) AND idx = \(index)", logger: logger)
        for try await hash in rows.decode(ByteBuffer.self) { return Array(hash.readableBytesView) }
        return nil
    }

    func eventHashes(from first: Int64, through last: Int64) async throws -> [[UInt8]] {
        guard first <= last else { return [] }
        let rows = try await connection.query(
            "SELECT hash FROM events WHERE seq BETWEEN \(first) AND \(last) ORDER BY seq", logger: logger)
        var hashes: [[UInt8]] = []
        for try await hash in rows.decode(ByteBuffer.self) { hashes.append(Array(hash.readableBytesView)) }
        return hashes
    }

    /// The frontier of the tree of the first `size` events: the waiting nodes in one query, the
    /// open block's hashes in another.
    func frontier(size: Int64) async throws -> MerkleFrontier {
        let levels = MerkleFrontier.waitingLevels(size: size)
        var waiting: [Int: [UInt8]] = [:]
        if !levels.isEmpty {
            let rows = try await connection.query(
                """
                SELECT n.level, n.hash FROM merkle_nodes n
                JOIN unnest(\(levels.map { Int32($0) })::int4[], \(levels.map { (size >> $0) - 1 })::int8[]) AS w(level, idx)
                  ON n.level = w.level AND n.idx = w.idx
                """, logger: logger)
            for try await (level, hash) in rows.decode((Int32, ByteBuffer).self) {
                waiting[Int(level)] = Array(hash.readableBytesView)
            }
            if let missing = levels.first(where: { waiting[$0] == nil }) {
                throw LedgerError(
                    .storage, "the Merkle tree node (level \(missing), index \((size >> missing) - 1)) is missing from the ledger")
            }
        }
        let openStart = size - size % MerkleFrontier.blockSize
        let openBlock = try await eventHashes(from: openStart + 1, through: size).map(MerkleHash.leaf)
        return MerkleFrontier(size: size, openBlock: openBlock, waiting: waiting)
    }
}
