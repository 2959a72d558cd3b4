import ServiceLifecycle

/// A service that does nothing until graceful shutdown, then runs `close`: how the ledger and the
/// HTTP client are flushed and shut down after the server has drained its requests (a
/// `ServiceGroup` stops services in reverse order, and the server is started last).
struct ClosingService: Service {
    let name: String
    let close: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
