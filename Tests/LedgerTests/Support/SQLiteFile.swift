import CSQLite

/// Direct access to a ledger's SQLite file, bypassing the ledger: how the tests tamper with
/// rows the way someone with the file (and the `sqlite3` shell) could.
final class SQLiteFile {
    private let handle: OpaquePointer
    let path: String

    /// A value bound into a statement.
    enum Value: Equatable {
        case integer(Int64)
        case text(String)
        case blob([UInt8])
    }

    init(path: String) throws {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard rc == SQLITE_OK, let db else {
            if let db { sqlite3_close_v2(db) }
            throw TestFailure("cannot open \(path): SQLite error \(rc)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs `sql` with `values` bound to its `?` parameters; returns the rows, each column as a `Value`.
    @discardableResult
    func run(_ sql: String, _ values: Value...) throws -> [[Value]] {
        try run(sql, values: values)
    }

    private func run(_ sql: String, values: [Value]) throws -> [[Value]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw TestFailure("cannot prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .integer(let integer): sqlite3_bind_int64(statement, index, integer)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .blob(let bytes):
                bytes.withUnsafeBytes { buffer in
                    _ = sqlite3_bind_blob(statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                          Int32(buffer.count), Self.transient)
                }
            }
        }
        var rows: [[Value]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw TestFailure("\(sql) failed: \(String(cString: sqlite3_errmsg(handle)))")
            }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                case SQLITE_BLOB:
                    .blob(Array(UnsafeRawBufferPointer(
                        start: sqlite3_column_blob(statement, column), count: Int(sqlite3_column_bytes(statement, column)))))
                default: .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
                }
            })
        }
        return rows
    }

    /// The one integer `sql` returns.
    func integer(_ sql: String, _ values: Value...) throws -> Int64 {
        guard case .integer(let integer)? = try run(sql, values: values).first?.first else {
            throw TestFailure("\(sql) returned no integer")
        }
        return integer
    }

    /// The one blob `sql` returns.
    func blob(_ sql: String, _ values: Value...) throws -> [UInt8] {
        guard case .blob(let bytes)? = try run(sql, values: values).first?.first else {
            throw TestFailure("\(sql) returned no blob")
        }
        return bytes
    }

    /// The stored (compressed) payload frame of event `seq`.
    func frame(seq: Int64) throws -> [UInt8] {
        try blob("SELECT payload FROM events WHERE seq = ?", .integer(seq))
    }

    /// Overwrites one column of event `seq` and checks exactly one row changed.
    func update(seq: Int64, set column: String, to value: Value) throws {
        try run("UPDATE events SET \(column) = ? WHERE seq = ?", value, .integer(seq))
        guard sqlite3_changes(handle) == 1 else { throw TestFailure("event \(seq) does not exist") }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
