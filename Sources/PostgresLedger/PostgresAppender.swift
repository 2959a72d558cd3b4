import Foundation
import Ledger
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Writes groups of appends to a PostgreSQL ledger, one statement per group.
///
/// Every group's statement moves the head row from the seq it was linked after, and writes its
/// rows only when it did (`UPDATE … WHERE seq = expected`): two replicas can never both append
/// after the same head, so the chain never forks, and a statement is its own transaction, so a
/// failed one takes no seq. A process links its next group after its own last commit and sends
/// it as one statement (one round trip, no `BEGIN`/`COMMIT`); when another replica appended in
/// between, the head has moved and nothing is written: the group is linked again after the tip
/// read back in one query (the head, the Merkle tree's right edge) and sent again; only when the
/// head moved once more, inside a transaction that locks the head row first (`FOR UPDATE`).
final class PostgresAppender: Sendable {
    /// The connection every append goes over, and the thread they run on.
    let connection: PostgresAppendConnection
    private let logger: Logger
    /// The head and the tree's right edge after this process's last commit; nil after a failed
    /// one, and while a commit is on its way.
    private let tip = Mutex<ChainTip?>(nil)

    init(url: PostgresURL, timeout: Duration, logger: Logger) {
        connection = PostgresAppendConnection(url: url, timeout: timeout, logger: logger)
        self.logger = logger
    }

    /// Writes the appends after the head, in one transaction, chaining their hashes; each
    /// append's receipts once committed.
    func commit(_ appends: [[PreparedEvent]]) async throws -> [[EventReceipt]] {
        let cached = tip.withLock { cached in
            defer { cached = nil }
            return cached
        }
        let logger = logger
        // Twice without a lock: linked after this process's own last commit when it has one, else
        // after the tip read from the database (one query); the statement refuses a moved head.
        var known = cached
        for _ in 0..<2 {
            let start = known
            let group = try await connection.run { connection -> LinkedGroup? in
                let tip: ChainTip
                if let start {
                    tip = start
                } else {
                    let (head, frontier) = try await PostgresMerkleNodes(connection: connection, logger: logger).tip()
                    tip = ChainTip(head: head, frontier: frontier)
                }
                let group = LinkedGroup(appends, after: tip)
                return try await Self.write(group, after: tip.head, on: connection, logger: logger) ? group : nil
            }
            if let group {
                self.tip.withLock { $0 = group.tip }
                return group.receipts
            }
            known = nil
        }
        // Other replicas keep moving the head: take turns under its lock.
        let group = try await connection.run { connection in
            try await connection.withTransaction(logger: logger) { connection in
                let tip = try await Self.lockedTip(on: connection, logger: logger)
                let group = LinkedGroup(appends, after: tip)
                guard try await Self.write(group, after: tip.head, on: connection, logger: logger) else {
                    throw LedgerError(.storage, "the ledger's head moved while this transaction held its lock")
                }
                return group
            }
        }
        tip.withLock { $0 = group.tip }
        return group.receipts
    }

    /// Locks the head row (until the transaction ends), then reads the tip in a statement of its
    /// own (``PostgresMerkleNodes/tip()``): its snapshot is taken after the lock was granted, so
    /// it sees the rows of the transaction the lock waited for.
    private static func lockedTip(on connection: PostgresConnection, logger: Logger) async throws -> ChainTip {
        try await connection.run("SELECT FROM ledger_head WHERE id = 1 FOR UPDATE", logger: logger)
        let (head, frontier) = try await PostgresMerkleNodes(connection: connection, logger: logger).tip()
        return ChainTip(head: head, frontier: frontier)
    }

    /// Writes `group` when the head is still `head`, in one statement (``PostgresAppendStatement``),
    /// one round trip: the head moved, the rows, the tree's completed nodes, and the notification
    /// every listening replica gets at commit (`watchAppends`). False, and nothing written, when
    /// the head has moved.
    private static func write(
        _ group: LinkedGroup, after head: ChainHead?, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        guard let last = group.receipts.last?.last else { return true }
        let statement = PostgresAppendStatement(
            headSeq: last.seq, headHash: ByteBuffer(bytes: last.hash), expectedSeq: head?.seq ?? 0, columns: group.columns,
            nodeLevels: group.nodes.map { Int32($0.level) }, nodeIndexes: group.nodes.map(\.index),
            nodeHashes: group.nodes.map { ByteBuffer(bytes: $0.hash) })
        let rows = try await connection.execute(statement, logger: logger)
        // Read to the end: an error raised inside the statement (a unique violation) comes among its rows.
        var moved = false
        for try await _ in rows { moved = true }
        return moved
    }

    /// The receipts of `events` when they are already in the ledger — a commit whose answer was
    /// lost with the connection may have succeeded, or a caller retried — or nil when none of
    /// them is. An error when only some are, or when an id is stored for other contents.
    func alreadyStored(_ events: [PreparedEvent]) async throws -> [EventReceipt]? {
        let (logger, url) = (logger, connection.url)
        return try await connection.run { connection in
            let rows = try await connection.query(
                """
                SELECT seq, event_id, hash, request_id, type, ts FROM events
                WHERE event_id = ANY(\(events.map(\.eventID))::uuid[]) ORDER BY seq
                """,
                logger: logger)
            var receipts: [EventReceipt] = []
            var contents: [(requestID: String, type: String, timestamp: Int64)] = []
            for try await (seq, eventID, hash, requestID, type, timestamp) in rows.decode(
                (Int64, UUID, ByteBuffer, ByteBuffer, String, Int64).self)
            {
                receipts.append(EventReceipt(seq: seq, eventID: eventID, hash: Array(hash.readableBytesView)))
                contents.append((String(buffer: requestID), type, timestamp))
            }
            if receipts.isEmpty { return nil }
            let same = receipts.map(\.eventID) == events.map(\.eventID)
                && zip(contents, events).allSatisfy { stored, event in
                    stored.requestID == event.requestID && stored.type == event.type.rawValue
                        && stored.timestamp == event.timestamp
                }
            guard same else {
                throw LedgerError(.invalidEvent, "an event id of this append is already in the ledger \(url) for another event")
            }
            return receipts
        }
    }
}

/// A ledger's head and its Merkle tree's right edge: what the next append links to.
private struct ChainTip: Sendable {
    var head: ChainHead?
    var frontier: MerkleFrontier
}

/// A group of appends linked after a tip: their rows, receipts and completed tree nodes, and the
/// tip they leave.
private struct LinkedGroup: Sendable {
    var columns: EventColumns
    var nodes: [MerkleNode] = []
    var receipts: [[EventReceipt]] = []
    var tip: ChainTip

    init(_ appends: [[PreparedEvent]], after start: ChainTip) {
        var frontier = start.frontier
        var columns = EventColumns(capacity: appends.reduce(0) { $0 + $1.count })
        var nodes: [MerkleNode] = []
        receipts = HashChain.linkAppends(appends, after: start.head, tree: &frontier) { event, seq, hash, completed in
            columns.add(event, seq: seq, hash: hash)
            nodes += completed
        }
        self.columns = columns
        self.nodes = nodes
        let head = receipts.last?.last.map { ChainHead(seq: $0.seq, hash: $0.hash) } ?? start.head
        tip = ChainTip(head: head, frontier: frontier)
    }
}

/// One group's rows as column arrays: the whole group is one `INSERT … SELECT FROM unnest(…)`
/// with nine parameters, whatever its size.
struct EventColumns: Sendable {
    var seqs: [Int64] = []
    var eventIDs: [UUID] = []
    var requestIDs: [ByteBuffer] = []
    var types: [String] = []
    var schemas: [Int32] = []
    var timestamps: [Int64] = []
    var dictionaryIDs: [Int32] = []
    var frames: [ByteBuffer] = []
    var hashes: [ByteBuffer] = []

    init(capacity: Int) {
        seqs.reserveCapacity(capacity)
        eventIDs.reserveCapacity(capacity)
        requestIDs.reserveCapacity(capacity)
        types.reserveCapacity(capacity)
        schemas.reserveCapacity(capacity)
        timestamps.reserveCapacity(capacity)
        dictionaryIDs.reserveCapacity(capacity)
        frames.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    mutating func add(_ event: PreparedEvent, seq: Int64, hash: [UInt8]) {
        seqs.append(seq)
        eventIDs.append(event.eventID)
        requestIDs.append(ByteBuffer(string: event.requestID))
        types.append(event.type.rawValue)
        schemas.append(Int32(clamping: event.schema))
        timestamps.append(event.timestamp)
        dictionaryIDs.append(Int32(clamping: event.dictionaryID))
        frames.append(ByteBuffer(bytes: event.frame))
        hashes.append(ByteBuffer(bytes: hash))
    }
}
