import Foundation
import SQLiteSupport

/// The embedded event store: one SQLite file in WAL mode, one writer thread with group commit,
/// and a pool of reader connections that run concurrently with it, on NIO's blocking-I/O thread
/// pool (a read never blocks one of Swift's cooperative threads).
public final class SQLiteEventStore: EventStore {
    /// The ledger file.
    public let path: String
    private let writer: GroupCommitWriter?
    private let readers: ReaderPool
    private let requestSeqs: RequestSeqLookup
    /// The writer's connection and cached statements; touched only on the writer thread.
    private let writeSide: WriteSide?
    public let dictionariesAtOpen: [StoredDictionary]

    /// Opens (or creates) the ledger at `path`, applying any pending migrations.
    public init(path: String, options: StoreOptions = StoreOptions()) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists, options.readOnly || !options.createIfMissing {
            throw LedgerError(.ledgerMissing, "no ledger at \(path)")
        }
        do {
            (writeSide, writer) = try Self.open(path: path, options: options)
        } catch let error as SQLiteError {
            throw LedgerError(error)
        }
        readers = ReaderPool(path: path)
        requestSeqs = RequestSeqLookup(path: path)
        dictionariesAtOpen = try readers.withConnection(Self.readDictionaries)
    }

    /// The write side and its writer thread, or neither for a read-only store.
    private static func open(path: String, options: StoreOptions) throws -> (WriteSide?, GroupCommitWriter?) {
        if options.readOnly {
            let connection = try SQLiteConnection(path: path, mode: .readOnly)
            try checkIsLedger(connection, path: path, allowEmpty: false)
            try checkKnownMigrations(connection, path: path)
            return (nil, nil)
        } else {
            let connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
            try checkIsLedger(connection, path: path, allowEmpty: true)
            // Takes effect only on a new file (before its first table); an existing ledger keeps its size.
            try connection.execute("PRAGMA page_size = \(LedgerMigrations.pageSize)")
            try connection.execute("PRAGMA journal_mode = WAL")
            try connection.execute("PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL")")
            // SQLite folds the WAL back into the file inside the commit that crosses this size.
            // A background checkpointer was tried and measured no faster here, so the simple way stays.
            try connection.execute("PRAGMA wal_autocheckpoint = \(max(16, options.checkpointPages))")
            if let maxSizeBytes = options.maxSizeBytes {
                let pageSize = try connection.prepare("PRAGMA page_size")
                let bytesPerPage = try pageSize.step() ? max(512, pageSize.int64(0)) : 4_096
                try connection.execute("PRAGMA max_page_count = \(max(1, maxSizeBytes / bytesPerPage))")
            }
            try migrate(connection, path: path)
            let side = try WriteSide(connection: connection)
            let writer = GroupCommitWriter(
                name: "ledger-writer",
                maxBatchEvents: options.maxBatchEvents,
                maxQueuedEvents: options.maxQueuedEvents,
                commit: { appends in try LedgerError.mappingSQLite { try side.commit(appends) } }
            )
            return (side, writer)
        }
    }

    /// A store dropped without ``close()`` still commits what it accepted and ends its writer thread.
    deinit {
        writer?.requestStop()
    }

    public func append(_ events: [PreparedEvent]) async throws -> [EventReceipt] {
        try await requireWriter().append(events)
    }

    public func records(after seq: Int64, limit: Int) async throws -> [EventRecord] {
        try await query("SELECT \(Self.columns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?") {
            $0.bind(1, seq)
            $0.bind(2, Int64(limit))
        }
    }

    public func records(before seq: Int64, limit: Int) async throws -> [EventRecord] {
        try await query("SELECT \(Self.columns) FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?") {
            $0.bind(1, seq)
            $0.bind(2, Int64(limit))
        }
    }

    public func records(requestID: String) async throws -> [EventRecord] {
        try await query("SELECT \(Self.columns) FROM events WHERE request_id = ? ORDER BY seq") {
            $0.bind(1, StoredKey(requestID: requestID))
        }
    }

    /// Read on the calling thread, not on the blocking-read pool like the other reads: it is one
    /// point lookup in `events_by_request`, whose few pages the gateway reads before every
    /// request with a virtual key (so they stay in SQLite's cache); see ``RequestSeqLookup``.
    public func lastSeq(ofRequest requestID: String) async throws -> Int64? {
        try requestSeqs.lastSeq(ofRequest: requestID)
    }

    public func head() async throws -> ChainHead? {
        try await read { connection in
            let statement = try connection.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
            return try statement.step() ? ChainHead(seq: statement.int64(0), hash: statement.blob(1)) : nil
        }
    }

    public func withMerkleNodes<T: Sendable>(
        _ body: @escaping @Sendable (any MerkleNodeSource) async throws -> T
    ) async throws -> T {
        let readers = readers
        return try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
            try await readers.withLeasedConnection { connection in
                // One read transaction: every row the body reads comes from one snapshot.
                try connection.execute("BEGIN")
                do {
                    let result = try await body(SQLiteMerkleNodes(connection: connection))
                    try connection.execute("COMMIT")
                    return result
                } catch {
                    try? connection.execute("ROLLBACK")
                    throw error
                }
            }
        }
    }

    public func dictionaries() async throws -> [StoredDictionary] {
        try await read(Self.readDictionaries)
    }

    @Sendable private static func readDictionaries(_ connection: SQLiteConnection) throws -> [StoredDictionary] {
        let statement = try connection.prepare("SELECT id, created_ts, sample_count, bytes FROM dictionaries ORDER BY id")
        var result: [StoredDictionary] = []
        while try statement.step() {
            result.append(StoredDictionary(
                id: Int(statement.int64(0)), createdAt: statement.int64(1),
                sampleCount: Int(statement.int64(2)), bytes: statement.blob(3)))
        }
        return result
    }

    public func addDictionary(_ bytes: [UInt8], sampleCount: Int) async throws -> Int {
        let side = try requireWriteSide()
        return try await requireWriter().perform { try LedgerError.mappingSQLite { try side.addDictionary(bytes, sampleCount: sampleCount) } }
    }

    public func replaceFrames(_ replacements: [FrameReplacement]) async throws -> Int {
        let side = try requireWriteSide()
        return try await requireWriter().perform { try LedgerError.mappingSQLite { try side.replaceFrames(replacements) } }
    }

    public func close() async {
        await writer?.stop()
        if let writeSide {
            await Task.detached { try? writeSide.checkpoint() }.value
        }
    }

    // MARK: - Reading

    private static let columns = "seq, event_id, request_id, type, schema, ts, dict_id, payload, hash"

    /// Runs `body` with a pooled reader connection on NIO's blocking-I/O thread pool (without a hop
    /// when the caller already runs there, see ``BlockingReadExecutor``).
    private func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        let readers = readers
        if BlockingReadExecutor.isCurrentThreadInPool { return try readers.withConnection(body) }
        return try await withTaskExecutorPreference(BlockingReadExecutor.shared) { try readers.withConnection(body) }
    }

    private func query(_ sql: String, bind: @escaping @Sendable (SQLiteStatement) -> Void) async throws -> [EventRecord] {
        try await read { connection in
            let statement = try connection.prepare(sql)
            bind(statement)
            var records: [EventRecord] = []
            while try statement.step() {
                records.append(EventRecord(
                    seq: statement.int64(0),
                    eventID: Self.uuid(statement.blob(1)),
                    requestID: statement.key(2).requestID,
                    type: statement.text(3),
                    schema: Int(statement.int64(4)),
                    timestamp: statement.int64(5),
                    dictionaryID: Int(statement.int64(6)),
                    frame: statement.blob(7),
                    hash: statement.blob(8)))
            }
            return records
        }
    }

    private static func uuid(_ bytes: [UInt8]) -> UUID {
        bytes.count == 16 ? UUID.fromBytes(bytes) : UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    }

    private func requireWriter() throws -> GroupCommitWriter {
        guard let writer else { throw LedgerError(.readOnly, "the ledger \(path) was opened read-only") }
        return writer
    }

    private func requireWriteSide() throws -> WriteSide {
        guard let writeSide else { throw LedgerError(.readOnly, "the ledger \(path) was opened read-only") }
        return writeSide
    }

    // MARK: - Opening

    /// Refuses files that are SQLite databases of something else (or not SQLite at all).
    private static func checkIsLedger(_ connection: SQLiteConnection, path: String, allowEmpty: Bool) throws {
        let statement = try connection.prepare("PRAGMA application_id")
        let applicationID = try statement.step() ? Int32(truncatingIfNeeded: statement.int64(0)) : 0
        if applicationID == LedgerMigrations.applicationID { return }
        let tables = try connection.prepare("SELECT count(*) FROM sqlite_master")
        let tableCount = try tables.step() ? tables.int64(0) : 0
        if tableCount == 0, allowEmpty { return }
        throw LedgerError(.notALedger, "\(path) is an SQLite database but not a routeledger ledger")
    }

    private static func checkKnownMigrations(_ connection: SQLiteConnection, path: String) throws {
        let known = Set(LedgerMigrations.all.map(\.name))
        let statement = try connection.prepare("SELECT name FROM ledger_migrations")
        while try statement.step() {
            let name = statement.text(0)
            if !known.contains(name) {
                throw LedgerError(
                    .formatTooNew, "\(path) was written by a newer routeledger (migration \(name)); upgrade routeledger")
            }
        }
    }

    private static func migrate(_ connection: SQLiteConnection, path: String) throws {
        try connection.transaction(immediate: true) {
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS ledger_migrations (name TEXT PRIMARY KEY, applied_ts INTEGER NOT NULL)")
            try checkKnownMigrations(connection, path: path)
            let applied = try connection.prepare("SELECT 1 FROM ledger_migrations WHERE name = ?")
            let record = try connection.prepare("INSERT INTO ledger_migrations (name, applied_ts) VALUES (?, ?)")
            for migration in LedgerMigrations.all {
                applied.reset()
                applied.bind(1, migration.name)
                if try applied.step() { continue }
                try connection.execute(migration.sql)
                record.reset()
                record.bind(1, migration.name)
                record.bind(2, UnixTime.nowMilliseconds())
                try record.step()
            }
            try connection.execute("PRAGMA application_id = \(LedgerMigrations.applicationID)")
        }
    }
}

/// The writer thread's connection and its cached statements.
private final class WriteSide: @unchecked Sendable {
    let connection: SQLiteConnection
    private let insert: SQLiteStatement
    private let selectHead: SQLiteStatement
    private let tree: SQLiteMerkleNodes
    /// The Merkle tree's right edge as of the last commit; nil after a failed transaction (it
    /// is then read back from the file at the next commit).
    private var frontier: MerkleFrontier?

    init(connection: SQLiteConnection) throws {
        self.connection = connection
        insert = try connection.prepare(
            "INSERT INTO events (seq, event_id, request_id, type, schema, ts, dict_id, payload, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        selectHead = try connection.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        tree = try SQLiteMerkleNodes(connection: connection)
        // Backfills the tree of a ledger written before it existed, once, before serving.
        frontier = try connection.transaction(immediate: true) { try tree.catchUp(to: readHead()?.seq ?? 0) }
    }

    private func readHead() throws -> ChainHead? {
        defer { selectHead.reset() }
        return try selectHead.step() ? ChainHead(seq: selectHead.int64(0), hash: selectHead.blob(1)) : nil
    }

    /// Writes the appends after the head, in one transaction, chaining their hashes.
    func commit(_ appends: [[PreparedEvent]]) throws -> [[EventReceipt]] {
        var tree = frontier
        frontier = nil
        let receipts = try connection.transaction(immediate: true) {
            // The head is read inside the transaction, so another process appending to the
            // same file between two groups can never fork the chain (nor the tree).
            let head = try readHead()
            var linked = tree?.size == (head?.seq ?? 0) ? tree! : try self.tree.catchUp(to: head?.seq ?? 0)
            let receipts = try HashChain.linkAppends(appends, after: head, tree: &linked) { event, seq, hash, nodes in
                try insertRow(seq: seq, event: event, hash: hash)
                try self.tree.insert(nodes)
            }
            tree = linked
            return receipts
        }
        frontier = tree
        return receipts
    }

    /// Inserts one row. The blobs are bound without copying (`SQLITE_STATIC`), which is safe
    /// because the statement is stepped and reset while the buffers are still borrowed.
    private func insertRow(seq: Int64, event: PreparedEvent, hash: [UInt8]) throws {
        insert.bind(1, seq)
        insert.bind(3, StoredKey(requestID: event.requestID))
        insert.bind(4, event.type.rawValue)
        insert.bind(5, Int64(event.schema))
        insert.bind(6, event.timestamp)
        insert.bind(7, Int64(event.dictionaryID))
        defer { insert.reset() }
        try withUnsafeBytes(of: event.eventID.uuid) { eventID in
            try event.frame.withUnsafeBytes { frame in
                try hash.withUnsafeBytes { hash in
                    insert.bindBorrowed(2, eventID)
                    insert.bindBorrowed(8, frame)
                    insert.bindBorrowed(9, hash)
                    try insert.step()
                }
            }
        }
    }

    func addDictionary(_ bytes: [UInt8], sampleCount: Int) throws -> Int {
        try connection.transaction(immediate: true) {
            let statement = try connection.prepare(
                "INSERT INTO dictionaries (created_ts, sample_count, bytes) VALUES (?, ?, ?)")
            statement.bind(1, UnixTime.nowMilliseconds())
            statement.bind(2, Int64(sampleCount))
            statement.bind(3, bytes)
            try statement.step()
            return Int(connection.lastInsertRowID)
        }
    }

    func replaceFrames(_ replacements: [FrameReplacement]) throws -> Int {
        try connection.transaction(immediate: true) {
            let statement = try connection.prepare(
                "UPDATE events SET payload = ?, dict_id = ? WHERE seq = ? AND dict_id = ?")
            var changed = 0
            for replacement in replacements {
                statement.reset()
                statement.bind(1, replacement.frame)
                statement.bind(2, Int64(replacement.dictionaryID))
                statement.bind(3, replacement.seq)
                statement.bind(4, Int64(replacement.previousDictionaryID))
                try statement.step()
                changed += connection.changes
            }
            return changed
        }
    }

    /// Folds the WAL back into the main file (on close), so the file alone holds the ledger.
    func checkpoint() throws {
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
