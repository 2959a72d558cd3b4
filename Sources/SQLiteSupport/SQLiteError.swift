import CSQLite

/// A failed SQLite call: the result code, SQLite's message and the database file.
///
/// Its ``kind`` lets each user of a database (the ledger, the projections) say what failed in its
/// own words; its description is the plain SQLite wording.
package struct SQLiteError: Error, CustomStringConvertible {
    /// The failure classes a caller words differently.
    package enum Kind: Sendable {
        case notADatabase, corrupt, readOnly, full, busy, cannotOpen, permission, io, other
    }

    /// The extended result code.
    package let resultCode: Int32
    package let message: String
    package let path: String

    package init(resultCode: Int32, message: String, path: String) {
        self.resultCode = resultCode
        self.message = message
        self.path = path
    }

    /// The class of the primary result code.
    package var kind: Kind {
        switch resultCode & 0xFF {
        case SQLITE_NOTADB: .notADatabase
        case SQLITE_CORRUPT: .corrupt
        case SQLITE_READONLY: .readOnly
        case SQLITE_FULL: .full
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_CANTOPEN: .cannotOpen
        case SQLITE_PERM, SQLITE_AUTH: .permission
        case SQLITE_IOERR: .io
        default: .other
        }
    }

    /// The failure in the words of a database file (a caller with a more specific name for its
    /// file, such as the ledger, words it itself from ``kind``).
    package var description: String {
        switch kind {
        case .notADatabase: "\(path) is not an SQLite database"
        case .corrupt: "the database \(path) is damaged: \(message)"
        case .readOnly: "the database \(path) is read-only: \(message)"
        case .full: "the database \(path) is full (its disk, or its size limit)"
        case .busy: "the database \(path) is locked by another process: \(message)"
        case .cannotOpen: "cannot open the database \(path): \(message)"
        case .permission: "no permission to write the database \(path): \(message)"
        case .io: "I/O error on the database \(path): \(message)"
        case .other: "SQLite error \(resultCode) on \(path): \(message)"
        }
    }
}
