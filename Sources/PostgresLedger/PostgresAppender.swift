import Foundation
import Ledger
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Writes groups of appends to a PostgreSQL ledger, one transaction per group.
///
/// The transaction locks the head row first, so only one replica links the chain at a time;
/// the Merkle tree's right edge is kept between commits and read back from the database when
/// another replica appended since (its size no longer the head's seq).
final class PostgresAppender: Sendable {
    private let client: PostgresClient
    private let url: PostgresURL
    private let logger: Logger
    private let timeout: Duration
    /// The tree's right edge after this process's last commit; nil after a failed one.
    private let frontier = Mutex<MerkleFrontier?>(nil)

    init(client: PostgresClient, url: PostgresURL, timeout: Duration, logger: Logger) {
        self.client = client
        self.timeout = timeout
        self.url = url
        self.logger = logger
    }

    /// Writes the appends after the head, in one transaction, chaining their hashes; each
    /// append's receipts once committed.
    func commit(_ appends: [[PreparedEvent]]) async throws -> [[EventReceipt]] {
        let cached = frontier.withLock { cached in
            defer { cached = nil }
            return cached
        }
        let (client, logger) = (client, logger)
        let (receipts, tree) = try await PostgresErrors.mapping(url, client: client, within: timeout) { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await Self.write(appends, cachedFrontier: cached, on: connection, logger: logger)
            }
        }
        frontier.withLock { $0 = tree }
        return receipts
    }

    private static func write(
        _ appends: [[PreparedEvent]], cachedFrontier: MerkleFrontier?, on connection: PostgresConnection, logger: Logger
    ) async throws -> ([[EventReceipt]], MerkleFrontier) {
        var head: ChainHead?
        let headRow = try await connection.query("SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE", logger: logger)
        for try await (seq, hash) in headRow.decode((Int64, ByteBuffer).self) where seq > 0 {
            head = ChainHead(seq: seq, hash: Array(hash.readableBytesView))
        }
        let size = head?.seq ?? 0
        var frontier = cachedFrontier?.size == size
            ? cachedFrontier! : try await PostgresMerkleNodes(connection: connection, logger: logger).frontier(size: size)
        var columns = EventColumns(capacity: appends.reduce(0) { $0 + $1.count })
        var nodes: [MerkleNode] = []
        let receipts = HashChain.linkAppends(appends, after: head, tree: &frontier) { event, seq, hash, completed in
            columns.add(event, seq: seq, hash: hash)
            nodes += completed
        }
        guard let last = receipts.last?.last else { return (receipts, frontier) }
        let (seq, previous) = (last.seq, last.hash)
        // One statement, one round trip: the rows, the tree's completed nodes, the new head, and the
        // notification every listening replica gets at commit (`watchAppends`).
        try await connection.run(
            """
            WITH appended AS (
                INSERT INTO events (seq, event_id, request_id, type, schema, ts, dict_id, payload, hash)
                SELECT * FROM unnest(\(columns.seqs)::int8[], \(columns.eventIDs)::uuid[], \(columns.requestIDs)::bytea[],
                                     \(columns.types)::text[], \(columns.schemas)::int4[], \(columns.timestamps)::int8[],
                                     \(columns.dictionaryIDs)::int4[], \(columns.frames)::bytea[], \(columns.hashes)::bytea[])
            ), tree AS (
                INSERT INTO merkle_nodes (level, idx, hash)
                SELECT * FROM unnest(\(nodes.map { Int32($0.level) })::int4[], \(nodes.map(\.index))::int8[],
                                     \(nodes.map { ByteBuffer(bytes: $0.hash) })::bytea[])
                ON CONFLICT (level, idx) DO UPDATE SET hash = EXCLUDED.hash
            ), moved AS (
                UPDATE ledger_head SET seq = \(seq), hash = \(ByteBuffer(bytes: previous)) WHERE id = 1
            )
            SELECT pg_notify(\(PostgresEventStore.notificationChannel), \(String(seq)))
            """, logger: logger)
        return (receipts, frontier)
    }

    /// The receipts of `events` when they are already in the ledger — a commit whose answer was
    /// lost with the connection may have succeeded, or a caller retried — or nil when none of
    /// them is. An error when only some are, or when an id is stored for other contents.
    func alreadyStored(_ events: [PreparedEvent]) async throws -> [EventReceipt]? {
        let (client, logger, url) = (client, logger, url)
        return try await PostgresErrors.mapping(url, client: client, within: timeout) { connection in
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

/// One group's rows as column arrays: the whole group is one `INSERT … SELECT FROM unnest(…)`
/// with nine parameters, whatever its size.
private struct EventColumns {
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
