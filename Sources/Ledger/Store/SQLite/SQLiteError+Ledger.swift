import SQLiteSupport

extension LedgerError {
    /// An SQLite failure on the ledger file, in the ledger's words.
    init(_ error: SQLiteError) {
        let path = error.path
        let message = error.message
        switch error.kind {
        case .notADatabase: self.init(.notALedger, "\(path) is not a routeledger ledger (not an SQLite database)")
        case .corrupt: self.init(.notALedger, "\(path) is damaged or not a ledger: \(message)")
        case .readOnly: self.init(.readOnly, "the ledger \(path) is read-only: \(message)")
        case .full: self.init(.diskFull, "the ledger \(path) is full (its disk, or its size limit); the batch was not written")
        case .busy: self.init(.busy, "the ledger \(path) is locked by another process: \(message)")
        case .cannotOpen: self.init(.ledgerMissing, "cannot open the ledger \(path): \(message)")
        case .permission: self.init(.readOnly, "no permission to write the ledger \(path): \(message)")
        case .io: self.init(.storage, "I/O error on the ledger \(path): \(message)")
        case .other: self.init(.storage, "SQLite error \(error.resultCode) on \(path): \(message)")
        }
    }

    /// Runs `body`, rethrowing an SQLite failure as the ledger error it means.
    static func mappingSQLite<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw LedgerError(error)
        }
    }

    /// ``mappingSQLite(_:)`` for an async `body`.
    static func mappingSQLite<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError {
            throw LedgerError(error)
        }
    }
}
