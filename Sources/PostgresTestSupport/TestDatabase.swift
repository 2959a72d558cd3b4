import Foundation
import Logging
import PostgresLedger
import PostgresNIO

/// Databases for the tests (and the replica benchmark), on the throwaway PostgreSQL cluster that `make test` starts
/// (`Tests/Postgres/test-cluster.sh run …`, which sets `ROUTELEDGER_TEST_DATABASE_URL`): each test
/// gets a database of its own, created empty and dropped afterwards.
public enum TestDatabase {
    /// The environment variable holding the test cluster's URL.
    public static let environmentVariable = "ROUTELEDGER_TEST_DATABASE_URL"

    /// The test cluster's maintenance database URL; an error saying how to start one when unset.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty else {
            throw TestDatabaseError(
                "\(environmentVariable) is not set: run the tests with `make test`, or start a cluster around them with "
                    + "`Tests/Postgres/test-cluster.sh run swift test`")
        }
        return url
    }

    /// Runs `body` with the URL of a new, empty database, and drops the database afterwards
    /// (closing whatever connections `body` left open).
    public static func with<T>(_ body: (String) async throws -> T) async throws -> T {
        try await with(server: try serverURL(), body)
    }

    /// ``with(_:)`` on the server at `server` (its maintenance database's URL).
    public static func with<T>(server: String, _ body: (String) async throws -> T) async throws -> T {
        let name = "routeledger_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await maintenance(server, "CREATE DATABASE \(name)")
        let result: Result<T, any Error>
        do {
            result = .success(try await body(try url(server, database: name)))
        } catch {
            result = .failure(error)
        }
        try await maintenance(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        return try result.get()
    }

    /// `server` with its database replaced by `database`.
    public static func url(_ server: String, database: String) throws -> String {
        guard var components = URLComponents(string: server) else { throw TestDatabaseError("\(environmentVariable) is not a URL") }
        components.path = "/" + database
        guard let url = components.string else { throw TestDatabaseError("\(environmentVariable) is not a URL") }
        return url
    }

    /// Runs one statement (built from generated names only) on the server's maintenance database.
    private static func maintenance(_ server: String, _ sql: String) async throws {
        let client = PostgresClient(configuration: try PostgresURL(server).clientConfiguration())
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
            group.cancelAll()
        }
    }
}

/// A test database that could not be made, with the reason.
public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
