import Analytics
import Ledger
import Logging
import PostgresLedger
import Router

/// Where a ledger is: an SQLite file, or a PostgreSQL database whose URL (with its password) is
/// in an environment variable — never on the command line or in the configuration.
///
/// On the command line (`--ledger`): a path or `sqlite:PATH`; `postgres` (the URL in
/// `ROUTELEDGER_DATABASE_URL`) or `postgres:VARIABLE`.
enum LedgerAddress: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(urlVariable: String)

    /// The address written on the command line.
    init(parsing text: String) throws {
        if text == "postgres" || text == "postgresql" {
            self = .postgres(urlVariable: LedgerSettings.defaultURLEnv)
        } else if let variable = text.removingPrefix("postgres:") ?? text.removingPrefix("postgresql:") {
            guard !variable.hasPrefix("//") else {
                throw CommandLineInputError(
                    message: "--ledger takes no database URL (it would show its password in the process list): "
                        + "put it in \(LedgerSettings.defaultURLEnv) and pass --ledger postgres")
            }
            guard EnvironmentVariableName.isValid(variable) else {
                throw CommandLineInputError(
                    message: "--ledger postgres:\(variable): after postgres: comes the name of the environment variable holding the URL")
            }
            self = .postgres(urlVariable: variable)
        } else {
            let path = text.removingPrefix("sqlite:") ?? text
            guard !path.isEmpty else { throw CommandLineInputError(message: "--ledger needs a path, sqlite:PATH or postgres") }
            self = .sqlite(path: path)
        }
    }

    /// The address the configuration's `ledger` section names.
    init(_ settings: LedgerSettings) {
        switch settings.backend {
        case .sqlite: self = .sqlite(path: settings.path)
        case .postgres: self = .postgres(urlVariable: settings.urlEnv)
        }
    }

    /// The path, or `postgres ($VARIABLE)`.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let variable): "postgres ($\(variable))"
        }
    }

    /// Where this process keeps its projections when not told: beside the SQLite file, or in the
    /// working directory for PostgreSQL.
    var defaultProjectionsPath: String {
        switch self {
        case .sqlite(let path): path + "-projections"
        case .postgres: "./routeledger-postgres-projections.sqlite"
        }
    }

    /// Opens the ledger (a PostgreSQL one through its URL in `environment`).
    func open(options: LedgerOptions, environment: [String: String], logger: Logger? = nil) async throws -> Ledger {
        switch self {
        case .sqlite(let path):
            return try Ledger(path: path, options: options, logger: logger)
        case .postgres(let variable):
            guard let text = environment[variable], !text.isEmpty else {
                throw LedgerError(
                    .invalidLocation, "\(variable) is not set: the PostgreSQL ledger's URL is read from the environment")
            }
            let store = try await PostgresEventStore.open(url: PostgresURL(text), options: options.store)
            return try Ledger(store: store, options: options, logger: logger)
        }
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    fileprivate func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
