import SQLiteSupport
import Synchronization

/// Read connections to one ledger file, reused across calls. In WAL mode readers never block
/// the writer, and each statement sees one committed snapshot.
final class ReaderPool: Sendable {
    private let path: String
    private let idle = Mutex<[SQLiteConnection]>([])
    private let maximumIdle = 4

    init(path: String) {
        self.path = path
    }

    /// Runs `body` with a connection of the pool; an SQLite failure is rethrown as a ledger error.
    func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try LedgerError.mappingSQLite {
            let connection = try idle.withLock { $0.popLast() } ?? open()
            defer {
                idle.withLock { connections in
                    if connections.count < maximumIdle { connections.append(connection) }
                }
            }
            return try body(connection)
        }
    }

    /// ``withConnection(_:)`` for an async `body` (one that awaits between its reads), on the
    /// caller's executor: call it on the blocking-I/O pool.
    func withLeasedConnection<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = try LedgerError.mappingSQLite { try idle.withLock { $0.popLast() } ?? open() }
        defer {
            idle.withLock { connections in
                if connections.count < maximumIdle { connections.append(connection) }
            }
        }
        return try await LedgerError.mappingSQLite { try await body(connection) }
    }

    private func open() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        try connection.execute("PRAGMA query_only = 1")
        return connection
    }
}
