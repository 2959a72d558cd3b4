import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` and reads its rows to the end. A statement that returns rows reports an error
    /// raised while it runs (a unique violation in a CTE, say) only among its rows: a result left
    /// unread would hide it, and the `COMMIT` that follows would quietly roll back.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
