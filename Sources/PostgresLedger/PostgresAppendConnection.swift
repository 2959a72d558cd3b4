import Ledger
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The one connection a process's appends go over, on a thread of its own (as the SQLite
/// ledger's writer has its own): its commits are serial anyway (``PostgresAppendQueue``), so a
/// pool lease per group would only add a wait, and linking a large group (hashing up to a
/// thousand events) keeps that thread busy, not one that serves HTTP.
///
/// It connects on first use and again after any failure (a failed connection is closed and
/// dropped): while the database is down each append fails at once (connection refused) or
/// within the connect timeout, and the first one after it is back reconnects — the gateway is
/// never restarted. Once connected, a slow statement (a busy machine) is waited for.
final class PostgresAppendConnection: Sendable {
    let url: PostgresURL
    /// Runs the appends' task on this connection's thread (see ``EventLoopTaskExecutor``).
    let executor: EventLoopTaskExecutor
    private let thread: MultiThreadedEventLoopGroup
    private let timeout: Duration
    private let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)
    private let connections = Atomic<Int>(0)

    init(url: PostgresURL, timeout: Duration, logger: Logger) {
        self.url = url
        self.timeout = timeout
        self.logger = logger
        thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = EventLoopTaskExecutor(loop: thread.next())
    }

    /// Runs `body` on the connection, connecting first when there is none; its failures as
    /// ledger errors. After any failure the connection is closed, so the next call starts afresh.
    func run<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection: PostgresConnection
        do {
            connection = try await connected()
        } catch {
            throw PostgresErrors.mapping(error, url: url)
        }
        do {
            return try await body(connection)
        } catch {
            drop(connection)
            throw PostgresErrors.mapping(error, url: url)
        }
    }

    /// Closes the connection and stops its thread; nothing may run on it afterwards. A second
    /// call finds nothing left to close.
    func close() async {
        if let connection = self.connection.withLock({ $0.take() }) {
            try? await connection.close()
        }
        try? await thread.shutdownGracefully()
    }

    private func connected() async throws -> PostgresConnection {
        if let connection = connection.withLock({ $0 }), !connection.isClosed { return connection }
        var configuration = try url.connectionConfiguration()
        configuration.options.connectTimeout = TimeAmount(timeout)
        let id = connections.wrappingAdd(1, ordering: .relaxed).newValue
        let connection = try await PostgresConnection.connect(
            on: executor.loop, configuration: configuration, id: id, logger: logger
        ).get()
        self.connection.withLock { $0 = connection }
        return connection
    }

    private func drop(_ failed: PostgresConnection) {
        let dropped = connection.withLock { current -> Bool in
            guard current === failed else { return false }
            current = nil
            return true
        }
        // The callback holds the connection until its channel closed: postgres-nio asserts that a
        // connection is closed before it goes away.
        if dropped { failed.close().whenComplete { _ in _ = failed } }
    }

    deinit {
        let thread = thread
        guard let connection = connection.withLock({ $0 }) else {
            thread.shutdownGracefully { _ in }
            return
        }
        connection.close().whenComplete { _ in
            _ = connection
            thread.shutdownGracefully { _ in }
        }
    }
}
