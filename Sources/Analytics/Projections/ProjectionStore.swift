import SQLiteSupport
import Synchronization

/// Where projections keep their state: a SQLite file beside the ledger (`<ledger>-projections`),
/// one row per projection holding its state and its checkpoint — the last ledger seq folded in —
/// written together in one transaction, so a restart neither skips nor double-counts an event.
///
/// A file of its own, not tables in the ledger: saving a projection must never hold the ledger's
/// write lock while the gateway appends.
public final class ProjectionStore: Sendable {
    /// A projection's saved state.
    public struct Saved: Sendable, Equatable {
        public var seq: Int64
        public var version: Int
        public var state: [UInt8]

        public init(seq: Int64, version: Int, state: [UInt8]) {
            self.seq = seq
            self.version = version
            self.state = state
        }
    }

    public let path: String
    /// Internal so that the store's readers in other files (the request log) share its connection.
    let connection: Mutex<SQLiteConnection>

    /// The store of the ledger at `ledgerPath`, created when missing.
    public convenience init(ledgerPath: String) throws {
        try self.init(path: ledgerPath + "-projections")
    }

    /// The layout of the file's tables (`PRAGMA user_version`). A file of another layout is
    /// emptied: everything in it is rebuilt from the ledger. 4: the stats rollups' tables. 5: the
    /// request log's indexes and the applied configurations. 7: team, user and tags of each
    /// request, the attribution rollups. 8: their all-time totals.
    static let layoutVersion: Int64 = 8

    public init(path: String) throws {
        self.path = path
        let connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = NORMAL")
        let version = try connection.prepare("PRAGMA user_version")
        _ = try version.step()
        if version.int64(0) != Self.layoutVersion {
            try connection.execute("""
                DROP TABLE IF EXISTS projections;
                DROP TABLE IF EXISTS requests;
                DROP TABLE IF EXISTS feedback;
                DROP TABLE IF EXISTS stats_cells;
                DROP TABLE IF EXISTS stats_latencies;
                DROP TABLE IF EXISTS applied_configs;
                DROP TABLE IF EXISTS attribution_rollups;
                DROP TABLE IF EXISTS request_tags;
                PRAGMA user_version = \(Self.layoutVersion);
                """)
        }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS projections (
                name    TEXT PRIMARY KEY,
                seq     INTEGER NOT NULL,
                version INTEGER NOT NULL,
                state   BLOB    NOT NULL
            );
            CREATE TABLE IF NOT EXISTS requests (
                completion_seq  INTEGER PRIMARY KEY,
                request_id      TEXT    NOT NULL,
                received_at     INTEGER NOT NULL,
                completed_at    INTEGER NOT NULL,
                \(RequestRow.columnDefinitions)
            );
            CREATE INDEX IF NOT EXISTS requests_by_time ON requests(completed_at);
            CREATE INDEX IF NOT EXISTS requests_by_id ON requests(request_id, completed_at);
            CREATE INDEX IF NOT EXISTS requests_by_model ON requests(coalesce(model, chosen_model), completed_at);
            CREATE INDEX IF NOT EXISTS requests_by_status ON requests(status, completed_at);
            CREATE INDEX IF NOT EXISTS requests_by_key ON requests(api_key_id, completed_at);
            CREATE INDEX IF NOT EXISTS requests_by_team ON requests(team, completed_at);
            CREATE INDEX IF NOT EXISTS requests_by_user ON requests(end_user, completed_at);
            CREATE TABLE IF NOT EXISTS feedback (
                seq         INTEGER PRIMARY KEY,
                request_id  TEXT    NOT NULL,
                score       REAL,
                label       TEXT
            );
            CREATE TABLE IF NOT EXISTS applied_configs (
                seq         INTEGER PRIMARY KEY,
                ts          INTEGER NOT NULL,
                config_hash TEXT    NOT NULL,
                source      TEXT    NOT NULL
            );
            CREATE TABLE IF NOT EXISTS stats_cells (
                bucket          INTEGER NOT NULL,
                key             BLOB    NOT NULL,
                calls           INTEGER NOT NULL,
                failures        INTEGER NOT NULL,
                cost_usd        REAL    NOT NULL,
                latency_ms      REAL    NOT NULL,
                routing_ms      REAL    NOT NULL,
                input_tokens    INTEGER NOT NULL,
                output_tokens   INTEGER NOT NULL,
                last_seq        INTEGER NOT NULL,
                PRIMARY KEY (bucket, key)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS stats_latencies (
                bucket  INTEGER NOT NULL,
                model   BLOB    NOT NULL,
                counts  BLOB    NOT NULL,
                PRIMARY KEY (bucket, model)
            ) WITHOUT ROWID;
            \(AttributionRollups.schema)
            """)
        self.connection = Mutex(connection)
    }

    /// The saved state of `name`, if any.
    public func load(_ name: String) throws -> Saved? {
        try connection.withLock { connection in
            let statement = try connection.prepare("SELECT seq, version, state FROM projections WHERE name = ?")
            statement.bind(1, name)
            guard try statement.step() else { return nil }
            return Saved(seq: statement.int64(0), version: Int(statement.int64(1)), state: statement.blob(2))
        }
    }

    /// Replaces the saved state of `name` and adds the requests that ended and the feedback
    /// recorded since the last save, in one transaction: state, checkpoint and rows are saved
    /// together or not at all.
    public func save(
        _ name: String, _ saved: Saved, requests: [CompletedRequest] = [], feedback: [FeedbackEntry] = []
    ) throws {
        try save(name, saved, rows: ProjectionRows(requests: requests, feedback: feedback), rollups: [])
    }

    /// ``save(_:_:requests:feedback:)`` with every kind of row (applied configurations too) that
    /// also replaces the stats rollup cells and histograms of `rollups` changed since their last
    /// save, in the same transaction.
    func save(
        _ name: String, _ saved: Saved, rows: ProjectionRows, rollups: [(start: Int64, bucket: StatsRollups.Bucket)]
    ) throws {
        try connection.withLock { connection in
            try connection.transaction(immediate: true) {
                let statement = try connection.prepare(
                    "INSERT OR REPLACE INTO projections (name, seq, version, state) VALUES (?, ?, ?, ?)")
                statement.bind(1, name)
                statement.bind(2, saved.seq)
                statement.bind(3, Int64(saved.version))
                statement.bind(4, saved.state)
                _ = try statement.step()
                try rows.insert(into: connection)
                try RollupRows.save(rollups, to: connection)
            }
        }
    }

    /// Forgets the saved state of `name` and every request, feedback, applied configuration and
    /// rollup row (a rebuild starts from seq 1).
    public func drop(_ name: String) throws {
        try connection.withLock { connection in
            try connection.transaction(immediate: true) {
                let statement = try connection.prepare("DELETE FROM projections WHERE name = ?")
                statement.bind(1, name)
                _ = try statement.step()
                try connection.execute(
                    "DELETE FROM requests; DELETE FROM feedback; DELETE FROM applied_configs; DELETE FROM stats_cells; "
                        + "DELETE FROM stats_latencies; DELETE FROM attribution_rollups; DELETE FROM request_tags")
            }
        }
    }

    /// The ended requests whose last event is in [`since`, `until`) (Unix ms; nil: unbounded), in
    /// the order they ended.
    public func requests(since: Int64? = nil, until: Int64? = nil) throws -> [CompletedRequest] {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                RequestRow.selectAll + " WHERE completed_at >= ? AND completed_at < ? ORDER BY completion_seq")
            statement.bind(1, since ?? .min)
            statement.bind(2, until ?? .max)
            var requests: [CompletedRequest] = []
            while try statement.step() {
                requests.append(RequestRow.read(statement))
            }
            return requests
        }
    }

    /// The requests of each value of `kind` (only `value`'s when given) that ended in
    /// [`since`, `until`), served by (or routed to) `model` when given (see ``AttributionRollups``).
    public func attributionGroups(
        _ kind: AttributionKind, value: String? = nil, model: String? = nil, since: Int64? = nil, until: Int64? = nil
    ) throws -> [String: AttributionGroup] {
        try connection.withLock { connection in
            try AttributionRollups.groups(kind, value: value, model: model, since: since, until: until, in: connection)
        }
    }

    /// The saved rollups of the stats projection (see ``StatsProjection/rollups``).
    public func rollups() throws -> StatsRollups {
        try connection.withLock { connection in try RollupRows.load(from: connection) }
    }

    /// Calls `body` with what the stats add up of each request that ended in [`since`, `until`)
    /// (Unix ms), in the order they ended: the partial edge buckets of a filtered report.
    func forEachStatsSample(since: Int64, until: Int64, _ body: (StatsSample) throws -> Void) throws {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                RequestRow.selectSample + " WHERE completed_at >= ? AND completed_at < ? ORDER BY completion_seq")
            statement.bind(1, since)
            statement.bind(2, until)
            while try statement.step() {
                try body(RequestRow.sample(statement))
            }
        }
    }

    /// Calls `body` with each ended request after completion seq `seq`, in the order they ended,
    /// and returns how many there were — for loading many without holding them all.
    @discardableResult
    public func forEachRequest(afterCompletionSeq seq: Int64, _ body: (CompletedRequest) throws -> Void) throws -> Int {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                RequestRow.selectAll + " WHERE completion_seq > ? ORDER BY completion_seq")
            statement.bind(1, seq)
            var count = 0
            while try statement.step() {
                try body(RequestRow.read(statement))
                count += 1
            }
            return count
        }
    }

    /// The feedback recorded on ended requests, in ledger order, each with the completion seq of
    /// its request.
    public func feedbackOnEndedRequests() throws -> [(completionSeq: Int64, entry: FeedbackEntry)] {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                "SELECT r.completion_seq, f.seq, f.request_id, f.score, f.label FROM feedback f "
                    + "JOIN requests r ON r.request_id = f.request_id ORDER BY f.seq")
            var rows: [(completionSeq: Int64, entry: FeedbackEntry)] = []
            while try statement.step() {
                rows.append((statement.int64(0), FeedbackEntry(
                    seq: statement.int64(1), requestID: statement.text(2),
                    score: statement.isNull(3) ? nil : statement.double(3),
                    label: statement.isNull(4) ? nil : statement.text(4))))
            }
            return rows
        }
    }

    /// The stored requests of the given completion seqs, by completion seq.
    public func requests(completionSeqs: [Int64]) throws -> [Int64: CompletedRequest] {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                RequestRow.selectAll + " WHERE completion_seq = ?")
            var found: [Int64: CompletedRequest] = [:]
            for seq in completionSeqs {
                statement.reset()
                statement.bind(1, seq)
                if try statement.step() {
                    found[seq] = RequestRow.read(statement)
                }
            }
            return found
        }
    }

    /// A page of the ended requests, newest first: their completion seqs and ids, skipping
    /// `offset` rows and starting below `before` (a keyset cursor) when given.
    public func requestPage(before: Int64? = nil, offset: Int = 0, limit: Int) throws -> [(seq: Int64, requestID: String)] {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                "SELECT completion_seq, request_id FROM requests WHERE completion_seq < ? "
                    + "ORDER BY completion_seq DESC LIMIT ? OFFSET ?")
            statement.bind(1, before ?? .max)
            statement.bind(2, Int64(limit))
            statement.bind(3, Int64(offset))
            var page: [(seq: Int64, requestID: String)] = []
            while try statement.step() { page.append((statement.int64(0), statement.text(1))) }
            return page
        }
    }

    /// The ids of the ended requests received in [`since`, `until`) (Unix ms; nil: unbounded),
    /// in the order they were received.
    public func requestIDs(receivedSince since: Int64? = nil, until: Int64? = nil) throws -> [String] {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                "SELECT request_id FROM requests WHERE received_at >= ? AND received_at < ? "
                    + "ORDER BY received_at, completion_seq")
            statement.bind(1, since ?? .min)
            statement.bind(2, until ?? .max)
            var ids: [String] = []
            while try statement.step() { ids.append(statement.text(0)) }
            return ids
        }
    }

    /// How many request rows are stored.
    public func requestCount() throws -> Int {
        try rowCount(of: "requests")
    }

    /// How many rows `table` holds.
    func rowCount(of table: String) throws -> Int {
        try connection.withLock { connection in
            let statement = try connection.prepare("SELECT count(*) FROM \(table)")
            _ = try statement.step()
            return Int(statement.int64(0))
        }
    }
}
