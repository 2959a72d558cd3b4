import Hummingbird
import Logging
import ServiceLifecycle

/// Serves a stub's routes on a free loopback port for the duration of a test body: what the local
/// stand-ins for remote providers and services (OpenAI, Anthropic, a classifier) share.
enum LocalServer {
    /// Runs `router` on 127.0.0.1, a free port, calls `body` with the port, then shuts down.
    static func run<T: Sendable>(
        _ router: Router<BasicRequestContext>, label: String, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: label)
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
            group.addTask { try await services.run() }
            var ports = portStream.makeAsyncIterator()
            let port = await ports.next() ?? 0
            do {
                let value = try await body(port)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
