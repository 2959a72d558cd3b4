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

    /// One statement for all of them: a proof's nodes cost one round trip, not one per level.
    func storedNodes(at positions: Set<MerkleNodePosition>) async throws -> [MerkleNodePosition: [UInt8]] {
        guard !positions.isEmpty else { return [:] }
        let levels = positions.map { Int32($0.level) }
        let indexes = positions.map(\.index)
        let rows = try await connection.query(
            """
            SELECT n.level, n.idx, n.hash FROM unnest(\(levels)::int4[], \(indexes)::int8[]) AS w(level, idx)
            JOIN merkle_nodes n ON n.level = w.level AND n.idx = w.idx
            """, logger: logger)
        var nodes: [MerkleNodePosition: [UInt8]] = [:]
        for try await (level, index, hash) in rows.decode((Int32, Int64, ByteBuffer).self) {
            nodes[MerkleNodePosition(level: Int(level), index: index)] = Array(hash.readableBytesView)
        }
        return nodes
    }

    /// One statement for all of them.
    func eventHashes(of seqs: Set<Int64>) async throws -> [Int64: [UInt8]] {
        guard !seqs.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT seq, hash FROM events WHERE seq = ANY(\(Array(seqs))::int8[])", logger: logger)
        var hashes: [Int64: [UInt8]] = [:]
        for try await (seq, hash) in rows.decode((Int64, ByteBuffer).self) { hashes[seq] = Array(hash.readableBytesView) }
        return hashes
    }

    func eventHashes(from first: Int64, through last: Int64) async throws -> [[UInt8]] {
        guard first <= last else { return [] }
        let rows = try await connection.query(
            "SELECT hash FROM events WHERE seq BETWEEN \(first) AND \(last) ORDER BY seq", logger: logger)
        var hashes: [[UInt8]] = []
        for try await hash in rows.decode(ByteBuffer.self) { hashes.append(Array(hash.readableBytesView)) }
        return hashes
    }

    /// The head and the tree's right edge after it, read in one statement — one snapshot, one
    /// round trip, no lock of its own: the head row, the waiting nodes of its size, the open block's
    /// event hashes. Stored nodes and events never change once committed, so the answer stays
    /// true of that head; whether the head is still the head, the next append's statement checks.
    func tip() async throws -> (head: ChainHead?, frontier: MerkleFrontier) {
        let rows = try await connection.query(
            """
            WITH head AS (SELECT seq, hash FROM ledger_head WHERE id = 1)
            SELECT 0::int4, head.seq, head.hash FROM head
            UNION ALL
            SELECT 1, n.level::int8, n.hash
            FROM head CROSS JOIN generate_series(\(Int32(MerkleFrontier.storedLevel)), 62) AS w(level)
            JOIN merkle_nodes n ON n.level = w.level AND n.idx = (head.seq >> w.level) - 1
            WHERE (head.seq >> w.level) & 1 = 1
            UNION ALL
            SELECT 2, e.seq, e.hash
            FROM head JOIN events e ON e.seq > head.seq - head.seq % \(MerkleFrontier.blockSize) AND e.seq <= head.seq
            """, logger: logger)
        var head: ChainHead?
        var size: Int64 = 0
        var waiting: [Int: [UInt8]] = [:]
        var open: [(seq: Int64, hash: [UInt8])] = []
        for try await (part, number, hash) in rows.decode((Int32, Int64, ByteBuffer).self) {
            let bytes = Array(hash.readableBytesView)
            switch part {
            case 0:
                size = number
                if number > 0 { head = ChainHead(seq: number, hash: bytes) }
            case 1: waiting[Int(number)] = bytes
            default: open.append((number, bytes))
            }
        }
        if let missing = MerkleFrontier.waitingLevels(size: size).first(where: { waiting[$0] == nil }) {
            throw LedgerError(
                .storage, "the Merkle tree node (level \(missing), index \((size >> missing) - 1)) is missing from the ledger")
        }
        guard open.count == Int(size % MerkleFrontier.blockSize) else {
            throw LedgerError(.storage, "events before the ledger's head \(size) are missing")
        }
        let openBlock = open.sorted { $0.seq < $1.seq }.map { MerkleHash.leaf($0.hash) }
        return (head, MerkleFrontier(size: size, openBlock: openBlock, waiting: waiting))
    }
}

