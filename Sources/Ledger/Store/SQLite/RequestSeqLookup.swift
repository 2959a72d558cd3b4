import Synchronization
import SQLiteSupport

/// `SELECT max(seq) … WHERE request_id = ?` on a connection of its own with its statement
/// prepared once, run on the calling thread under a lock: the gateway asks it before every request
/// with a virtual key, so it must cost microseconds. Through the reader pool it cost a thread hop
/// each way, and under concurrency a connection opened and closed per call (the pool keeps four
/// idle): a quarter of the gateway's throughput (`routeledger-bench gateway --limits`).
final class RequestSeqLookup: Sendable {
    private struct Prepared {
        let connection: SQLiteConnection
        let statement: SQLiteStatement
    }

    private let path: String
    private let prepared = Mutex<Prepared?>(nil)

    init(path: String) {
        self.path = path
    }

    /// The seq of the request's last event; nil when the ledger holds none of its events.
    func lastSeq(ofRequest requestID: String) throws -> Int64? {
        try LedgerError.mappingSQLite {
            try prepared.withLock { prepared in
                if prepared == nil {
                    let connection = try SQLiteConnection(path: path, mode: .readOnly)
                    try connection.execute("PRAGMA query_only = 1")
                    prepared = Prepared(
                        connection: connection, statement: try connection.prepare("SELECT max(seq) FROM events WHERE request_id = ?"))
                }
                let statement = prepared!.statement
                statement.bind(1, StoredKey(requestID: requestID))
                defer { statement.reset() }
                guard try statement.step(), !statement.isNull(0) else { return nil }
                return statement.int64(0)
            }
        }
    }
}
