import Foundation
import Ledger
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The event store of several gateway replicas: one PostgreSQL database holding the same events,
/// compression dictionaries, hash chain and Merkle tree as an SQLite ledger (a ledger copied from
/// one to the other keeps every hash).
///
/// Appends are group-committed by each process (``PostgresAppendQueue``): concurrent appends
/// share one transaction, which moves the database's one head row only from the head it linked
/// to (``PostgresAppender``), so the appends of every replica are serialized there — one global, gapless `seq`, assigned inside the committing
/// transaction; a failed transaction takes no seq. Each commit sends a notification on
/// ``notificationChannel`` with the new head seq, which wakes the other replicas' followers.
///
/// Reads are async queries on postgres-nio's connection pool: no thread blocks on the network.
public final class PostgresEventStore: EventStore {
    /// The channel each commit notifies with its last seq (see ``PostgresLedgerListener``).
    public static let notificationChannel = "routeledger_events"

    /// Where the ledger is (without its password).
    public let url: PostgresURL
    public let dictionariesAtOpen: [StoredDictionary]
    let client: PostgresClient
    let logger: Logger
    /// The longest any one operation waits for the database before failing as `unavailable`.
    let timeout: Duration
    private let running: Task<Void, Never>
    private let appends: PostgresAppendQueue?
    private let closed = Mutex(false)

    private init(
        url: PostgresURL, client: PostgresClient, running: Task<Void, Never>, appends: PostgresAppendQueue?,
        dictionaries: [StoredDictionary], timeout: Duration, logger: Logger
    ) {
        self.url = url
        self.timeout = timeout
        self.client = client
        self.running = running
        self.appends = appends
        self.dictionariesAtOpen = dictionaries
        self.logger = logger
    }

    /// Connects to the database at `url`, creating the ledger's tables (or applying pending
    /// migrations) unless `options` is read-only or must not create a ledger.
    public static func open(
        url: PostgresURL, options: StoreOptions = StoreOptions(), logger: Logger = PostgresEventStore.defaultLogger
    ) async throws -> PostgresEventStore {
        var configuration = url.clientConfiguration()
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            let timeout = Duration.seconds(options.operationTimeoutSeconds)
            try await PostgresErrors.mapping(url) {
                try await PostgresSchema.prepare(url: url, options: options, logger: logger)
            }
            let dictionaries = try await PostgresErrors.mapping(url, client: client, within: timeout) { connection in
                try await readDictionaries(connection, logger: logger)
            }
            let appends = options.readOnly
                ? nil
                : PostgresAppendQueue(
                    appender: PostgresAppender(url: url, timeout: timeout, logger: logger),
                    maxBatchEvents: options.maxBatchEvents)
            return PostgresEventStore(
                url: url, client: client, running: running, appends: appends, dictionaries: dictionaries, timeout: timeout,
                logger: logger)
        } catch {
            running.cancel()
            await running.value
            throw error
        }
    }

    /// postgres-nio's log, warnings and errors only (it reports each failed connection attempt).
    public static var defaultLogger: Logger {
        var logger = Logger(label: "routeledger.postgres")
        logger.logLevel = .error
        return logger
    }

    public func append(_ events: [PreparedEvent]) async throws -> [EventReceipt] {
        try await requireAppends().append(events)
    }

    /// The append queue; an error when the store is read-only or closed.
    private func requireAppends() throws -> PostgresAppendQueue {
        guard let appends else { throw LedgerError(.readOnly, "the ledger \(url) was opened read-only") }
        if closed.withLock({ $0 }) { throw LedgerError(.closed, "the ledger is closed; nothing was written") }
        return appends
    }

    public func records(after seq: Int64, limit: Int) async throws -> [EventRecord] {
        try await records("SELECT \(unescaped: Self.columns) FROM events WHERE seq > \(seq) ORDER BY seq LIMIT \(Int64(limit))")
    }

    public func records(before seq: Int64, limit: Int) async throws -> [EventRecord] {
        try await records(
            "SELECT \(unescaped: Self.columns) FROM events WHERE seq < \(seq) ORDER BY seq DESC LIMIT \(Int64(limit))")
    }

    public func records(requestID: String) async throws -> [EventRecord] {
        try await records("SELECT \(unescaped: Self.columns) FROM events WHERE request_id = \(ByteBuffer(string: requestID)) ORDER BY seq")
    }

    public func lastSeq(ofRequest requestID: String) async throws -> Int64? {
        try await database { [logger] connection in
            let rows = try await connection.query(
                "SELECT max(seq) FROM events WHERE request_id = \(ByteBuffer(string: requestID))", logger: logger)
            for try await seq in rows.decode(Int64?.self) { return seq }
            return nil
        }
    }

    public func head() async throws -> ChainHead? {
        try await database { [logger] connection in
            let rows = try await connection.query("SELECT seq, hash FROM ledger_head WHERE id = 1", logger: logger)
            for try await (seq, hash) in rows.decode((Int64, ByteBuffer).self) {
                return seq == 0 ? nil : ChainHead(seq: seq, hash: Array(hash.readableBytesView))
            }
            return nil
        }
    }

    public func withMerkleNodes<T: Sendable>(
        _ body: @escaping @Sendable (any MerkleNodeSource) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await database { connection in
            // One snapshot for every row the body reads.
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let result = try await body(PostgresMerkleNodes(connection: connection, logger: logger))
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func dictionaries() async throws -> [StoredDictionary] {
        try await database { [logger] connection in try await Self.readDictionaries(connection, logger: logger) }
    }

    private static func readDictionaries(_ connection: PostgresConnection, logger: Logger) async throws -> [StoredDictionary] {
        let rows = try await connection.query(
            "SELECT id, created_ts, sample_count, bytes FROM dictionaries ORDER BY id", logger: logger)
        var result: [StoredDictionary] = []
        for try await (id, created, samples, bytes) in rows.decode((Int32, Int64, Int32, ByteBuffer).self) {
            result.append(StoredDictionary(
                id: Int(id), createdAt: created, sampleCount: Int(samples), bytes: Array(bytes.readableBytesView)))
        }
        return result
    }

    public func addDictionary(_ bytes: [UInt8], sampleCount: Int) async throws -> Int {
        _ = try requireAppends()
        let logger = logger
        return try await database { connection in
            try await connection.withTransaction(logger: logger) { connection in
                // Ids follow each other without gaps (an identity column could skip one), so a
                // ledger copied from SQLite keeps its frames' dictionary ids.
                try await connection.query("LOCK TABLE dictionaries IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                let rows = try await connection.query(
                    """
                    INSERT INTO dictionaries (id, created_ts, sample_count, bytes)
                    SELECT coalesce(max(id), 0) + 1, \(UnixTime.nowMilliseconds()), \(Int32(clamping: sampleCount)),
                           \(ByteBuffer(bytes: bytes))
                    FROM dictionaries RETURNING id
                    """, logger: logger)
                for try await id in rows.decode(Int32.self) { return Int(id) }
                throw LedgerError(.storage, "PostgreSQL stored the dictionary but returned no id")
            }
        }
    }

    public func replaceFrames(_ replacements: [FrameReplacement]) async throws -> Int {
        _ = try requireAppends()
        if replacements.isEmpty { return 0 }
        return try await database { [logger] connection in
            let rows = try await connection.query(
                """
                UPDATE events SET payload = u.frame, dict_id = u.dict
                FROM unnest(\(replacements.map(\.seq))::int8[], \(replacements.map { Int32($0.previousDictionaryID) })::int4[],
                            \(replacements.map { Int32($0.dictionaryID) })::int4[],
                            \(replacements.map { ByteBuffer(bytes: $0.frame) })::bytea[]) AS u(seq, previous, dict, frame)
                WHERE events.seq = u.seq AND events.dict_id = u.previous
                RETURNING events.seq
                """, logger: logger)
            var changed = 0
            for try await _ in rows { changed += 1 }
            return changed
        }
    }

    /// Commits what was accepted and refuses further writes; reads go on working until the
    /// store is released, which closes its connections.
    public func close() async {
        closed.withLock { $0 = true }
        await appends?.close()
    }

    deinit {
        running.cancel()
    }

    /// Runs `body` on a pooled connection, its failures as ledger errors; `unavailable` when no
    /// connection could be had within ``timeout``.
    func database<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresErrors.mapping(url, client: client, within: timeout, body)
    }

    // MARK: - Reading

    private static let columns = "seq, event_id, request_id, type, schema, ts, dict_id, payload, hash"

    private func records(_ query: PostgresQuery) async throws -> [EventRecord] {
        try await database { [logger] connection in
            let rows = try await connection.query(query, logger: logger)
            var records: [EventRecord] = []
            for try await (seq, eventID, requestID, type, schema, timestamp, dictionaryID, frame, hash) in rows.decode(
                (Int64, UUID, ByteBuffer, String, Int32, Int64, Int32, ByteBuffer, ByteBuffer).self)
            {
                records.append(EventRecord(
                    seq: seq, eventID: eventID, requestID: String(buffer: requestID), type: type, schema: Int(schema),
                    timestamp: timestamp, dictionaryID: Int(dictionaryID), frame: Array(frame.readableBytesView),
                    hash: Array(hash.readableBytesView)))
            }
            return records
        }
    }
}
