import Foundation
import Ledger
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL ledger lives, read from a libpq-style URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`, or a Unix
/// socket with `?host=/path/to/socket/directory` (as libpq spells it; the socket file is
/// `.s.PGSQL.PORT` inside that directory).
///
/// Written by hand because postgres-nio takes a host, port, user, password and database, not a
/// URL. The URL (with its password) only ever comes from the environment; ``description`` and
/// every error leave the password out.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var username: String
    var password: String?
    public var database: String
    /// A TCP host, or nil for a Unix socket.
    public var host: String?
    public var port: Int
    /// The Unix socket file, or nil for TCP.
    public var socketPath: String?
    public var sslMode: String

    /// Parses `url`; the error names what is wrong, never the password.
    public init(_ url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme.lowercased())
        else {
            throw LedgerError(.invalidLocation, "the database URL must look like postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        guard let user = components.user.map({ $0.removingPercentEncoding ?? $0 }) ?? query["user"], !user.isEmpty else {
            throw LedgerError(.invalidLocation, "the database URL names no user (postgres://USER@HOST/DATABASE)")
        }
        username = user
        password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? query["password"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        port = components.port ?? query["port"].flatMap { Int($0) } ?? 5432
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            host = nil
            socketPath = socketDirectory + "/.s.PGSQL.\(port)"
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw LedgerError(.invalidLocation, "the database URL names no host (postgres://USER@HOST/DATABASE)")
            }
            self.host = host
            socketPath = nil
        }
        sslMode = query["sslmode"] ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw LedgerError(.invalidLocation, "sslmode \(sslMode) is not one of disable, prefer, require")
        }
    }

    /// `user@host:port/database` (or the socket), without the password.
    public var description: String {
        "\(username)@\(socketPath ?? "\(host ?? ""):\(port)")/\(database)"
    }

    /// The client configuration for this URL, connecting to `database` instead when given (the
    /// tests create one database per test through the server's maintenance database).
    public func clientConfiguration(database: String? = nil) -> PostgresClient.Configuration {
        let database = database ?? self.database
        if let socketPath {
            return PostgresClient.Configuration(
                unixSocketPath: socketPath, username: username, password: password, database: database)
        }
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host ?? "localhost", port: port, username: username, password: password, database: database, tls: tls)
    }

    /// The configuration of one direct connection (no pool): opening a ledger connects this way
    /// first, so a wrong password or a missing database is reported at once, by the server.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketPath {
            return PostgresConnection.Configuration(
                unixSocketPath: socketPath, username: username, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: host ?? "localhost", port: port, username: username, password: password, database: database, tls: tls)
    }
}
