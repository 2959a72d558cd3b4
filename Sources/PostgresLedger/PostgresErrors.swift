import Ledger
import PostgresNIO
import _ConnectionPoolModule
import Synchronization

/// PostgreSQL failures as ledger errors a person understands. postgres-nio's own descriptions
/// are deliberately generic; the server's message and SQLSTATE are kept, the password never
/// (the URL is named by its description, which leaves it out).
enum PostgresErrors {
    /// Runs `body` on a connection of `client`'s pool, rethrowing a PostgreSQL failure as a
    /// ``LedgerError``, and gives up with `unavailable` when no connection could be had within
    /// `timeout`: while the database is down postgres-nio's pool keeps a lease waiting (up to a
    /// minute) for a connection it cannot make. Once connected, a slow statement (a busy
    /// machine) is waited for; a connection that breaks fails at once.
    static func mapping<T: Sendable>(
        _ url: PostgresURL, client: PostgresClient, within timeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        leased.set()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                    if !leased.isSet {
                        group.cancelAll()
                        throw LedgerError(.unavailable, "the ledger's database \(url) could not be reached within \(timeout)")
                    }
                }
                throw LedgerError(.storage, "PostgreSQL (\(url)): the operation ended without an answer")
            }
        } catch {
            throw mapping(error, url: url)
        }
    }

    /// Runs `body` (the opening of a ledger, over its own direct connection, whose connect
    /// timeout bounds it), rethrowing a PostgreSQL failure as a ``LedgerError``.
    static func mapping<T>(_ url: PostgresURL, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw mapping(error, url: url)
        }
    }

    /// `error` as a ledger error when it is PostgreSQL's.
    static func mapping(_ error: any Error, url: PostgresURL) -> any Error {
        switch error {
        case let error as PSQLError:
            return ledgerError(error, url: url)
        case let error as PostgresTransactionError:
            if let closure = error.closureError as? LedgerError { return closure }
            let underlying = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
            if let underlying { return mapping(underlying, url: url) }
            return LedgerError(.storage, "PostgreSQL (\(url)): the transaction failed")
        case let error as ConnectionPoolError where error == .connectionCreationCircuitBreakerTripped:
            return LedgerError(.unavailable, "the ledger's database \(url) cannot be reached (no connection for a while)")
        case let error as ConnectionPoolError where error == .poolShutdown:
            return LedgerError(.closed, "the ledger's connections to \(url) are closed")
        case let error as ConnectionPoolError where error == .requestCancelled:
            return LedgerError(.unavailable, "the ledger's database \(url) did not answer in time")
        default:
            return error
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

/// Whether an operation got its connection; set once from the pool's task, read by the timer.
private final class LeaseFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
