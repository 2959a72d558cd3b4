import Ledger
import PostgresNIO

/// PostgreSQL failures as ledger errors a person understands. postgres-nio's own descriptions
/// are deliberately generic; the server's message and SQLSTATE are kept, the password never
/// (the URL is named by its description, which leaves it out).
enum PostgresErrors {
    /// Runs `body`, rethrowing a PostgreSQL failure as a ``LedgerError``.
    static func mapping<T>(_ url: PostgresURL, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw error
        } catch let error as PSQLError {
            throw ledgerError(error, url: url)
        } catch let error as PostgresTransactionError {
            if let closure = error.closureError as? LedgerError { throw closure }
            let underlying = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
            if let underlying = underlying as? PSQLError { throw ledgerError(underlying, url: url) }
            throw LedgerError(.storage, "PostgreSQL (\(url)): the transaction failed")
        }
    }

    static func ledgerError(_ error: PSQLError, url: PostgresURL) -> LedgerError {
        if let serverInfo = error.serverInfo {
            let state = serverInfo[.sqlState] ?? ""
            let message = serverInfo[.message] ?? "an error"
            switch state {
            case "53100": // disk_full
                return LedgerError(.diskFull, "PostgreSQL (\(url)) is out of disk space: \(message)")
            case "57P01", "57P02", "57P03", "08000", "08003", "08006": // shutting down, starting up, connection lost
                return LedgerError(.unavailable, "the ledger's database \(url) is unavailable: \(message)")
            case "28P01", "28000", "3D000": // bad password, not authorized, no such database
                return LedgerError(.unavailable, "the ledger's database \(url) refused the connection: \(message)")
            default:
                return LedgerError(.storage, "PostgreSQL (\(url)): \(message) (SQLSTATE \(state))")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
             .sslUnsupported, .failedToAddSSLHandler:
            return LedgerError(.unavailable, "the ledger's database \(url) cannot be reached (\(error.code))")
        default:
            return LedgerError(.storage, "PostgreSQL (\(url)) failed: \(error.code)")
        }
    }
}
