import CSQLite
import CommandLineHarness

/// Edits a ledger file behind the ledger's back, as an attacker (or a bad disk) would.
enum SQLiteEdit {
    static func execute(path: String, sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
            throw CommandLineError(message: "cannot open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw CommandLineError(message: String(cString: sqlite3_errmsg(db)))
        }
    }
}
