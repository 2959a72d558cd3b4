import Ledger
import Logging
import PostgresNIO

/// Opening a PostgreSQL ledger: applies pending migrations (or, read-only, checks that the
/// database holds a ledger this build can read).
enum PostgresSchema {
    /// Connects once, directly (a wrong password or database is the server's answer, not a pool
    /// that keeps retrying), and prepares the schema on that connection.
    static func prepare(url: PostgresURL, options: StoreOptions, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: url.connectionConfiguration(), id: 0, logger: logger)
        do {
            try await prepare(connection, url: url, options: options, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func prepare(_ client: PostgresConnection, url: PostgresURL, options: StoreOptions, logger: Logger) async throws {
        let exists = try await tableExists("ledger_migrations", client: client, logger: logger)
        if !exists, options.readOnly || !options.createIfMissing {
            throw LedgerError(.ledgerMissing, "no ledger in the database \(url)")
        }
        if options.readOnly {
            try await checkKnownMigrations(client.query("SELECT name FROM ledger_migrations", logger: logger), url: url)
            return
        }
        try await client.withTransaction(logger: logger) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresLedgerMigrations.lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS ledger_migrations (name TEXT PRIMARY KEY, applied_ts BIGINT NOT NULL)",
                logger: logger)
            let applied = try await checkKnownMigrations(
                connection.query("SELECT name FROM ledger_migrations", logger: logger), url: url)
            for migration in PostgresLedgerMigrations.all where !applied.contains(migration.name) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO ledger_migrations (name, applied_ts) VALUES (\(migration.name), \(UnixTime.nowMilliseconds()))",
                    logger: logger)
            }
        }
    }

    private static func tableExists(_ name: String, client: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await client.query("SELECT to_regclass(\(name)) IS NOT NULL", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    /// The applied migrations' names; an error when one is unknown to this build.
    @discardableResult
    private static func checkKnownMigrations(_ rows: PostgresRowSequence, url: PostgresURL) async throws -> Set<String> {
        let known = Set(PostgresLedgerMigrations.all.map(\.name))
        var applied: Set<String> = []
        for try await name in rows.decode(String.self) {
            guard known.contains(name) else {
                throw LedgerError(
                    .formatTooNew, "the ledger in \(url) was written by a newer routeledger (migration \(name)); upgrade routeledger")
            }
            applied.insert(name)
        }
        return applied
    }
}
