import Analytics
import Logging
import ServiceLifecycle

/// Keeps the stats projection following what the gateway records: every acknowledged batch wakes
/// it and it catches up (many batches at once under load, as wake-ups coalesce). After the server
/// has drained it catches up one last time, before the ledger closes (services stop in reverse
/// order).
final class ProjectionFollower: Service, Sendable {
    let projector: StatsProjector
    private let wakeUps: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let logger: Logger

    init(projector: StatsProjector, logger: Logger) {
        self.projector = projector
        self.logger = logger
        (wakeUps, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// New events were acknowledged.
    func notify() {
        continuation.yield()
    }

    func run() async throws {
        let continuation = continuation
        await withGracefulShutdownHandler {
            for await _ in wakeUps { await catchUp() }
        } onGracefulShutdown: {
            continuation.finish()
        }
        await catchUp()
    }

    private func catchUp() async {
        do {
            try await projector.catchUp()
        } catch {
            // The ledger holds the events; the next wake-up or `/stats` call catches up again.
            logger.error("stats projection could not catch up: \(error)")
        }
    }
}
