import DomainEvents
import Ledger
import SQLiteSupport

/// The rows a projection save adds beside its state: the requests that ended, the feedback
/// recorded and the configurations applied since the last save.
struct ProjectionRows: Sendable {
    var requests: [CompletedRequest] = []
    var feedback: [FeedbackEntry] = []
    var configs: [AppliedConfigEntry] = []

    /// Adds what `event` records; `ended` is the request it ended, if any.
    mutating func add(_ event: ScannedEvent, ended: CompletedRequest?) {
        if let ended { requests.append(ended) }
        if let entry = FeedbackEntry(event) { feedback.append(entry) }
        if let entry = AppliedConfigEntry(event) { configs.append(entry) }
    }

    /// Inserts the rows (inside the caller's transaction).
    func insert(into connection: SQLiteConnection) throws {
        try Self.insert(
            requests, into: connection,
            "INSERT OR REPLACE INTO requests (completion_seq, request_id, received_at, completed_at, "
                + "\(RequestRow.columnNames)) VALUES (?, ?, ?, ?, \(RequestRow.placeholders))"
        ) { request, statement in
            statement.bind(1, request.completionSeq)
            statement.bind(2, request.requestID)
            statement.bind(3, request.receivedAt)
            statement.bind(4, request.completedAt)
            RequestRow.bind(request, to: statement, from: 5)
        }
        try AttributionRollups.add(requests, to: connection)
        try Self.insert(
            feedback, into: connection, "INSERT OR REPLACE INTO feedback (seq, request_id, score, label) VALUES (?, ?, ?, ?)"
        ) { entry, statement in
            statement.bind(1, entry.seq)
            statement.bind(2, entry.requestID)
            statement.bind(3, entry.score)
            statement.bind(4, entry.label)
        }
        try Self.insert(
            configs, into: connection,
            "INSERT OR REPLACE INTO applied_configs (seq, ts, config_hash, source) VALUES (?, ?, ?, ?)"
        ) { entry, statement in
            statement.bind(1, entry.seq)
            statement.bind(2, entry.timestamp)
            statement.bind(3, entry.configHash)
            statement.bind(4, entry.source)
        }
    }

    /// Runs `sql` once per row, its parameters bound by `bind`; prepares nothing for no rows.
    private static func insert<Row>(
        _ rows: [Row], into connection: SQLiteConnection, _ sql: String, bind: (Row, SQLiteStatement) -> Void
    ) throws {
        if rows.isEmpty { return }
        let statement = try connection.prepare(sql)
        for row in rows {
            statement.reset()
            bind(row, statement)
            _ = try statement.step()
        }
    }
}
