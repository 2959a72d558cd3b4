import Analytics
import Logging
import ServiceLifecycle

/// Keeps the stats projection following what the gateway records: every acknowledged batch wakes
/// it and it catches up (many batches at once under load, as wake-ups coalesce), saving its state
/// at most every few seconds. After the server has drained it catches up and saves one last time,
/// before the ledger closes (services stop in reverse order).
final class ProjectionFollower: Service, Sendable {
    let projector: StatsProjector
    private let wakeUps: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let logger: Logger

    /// The pause after each catch-up while serving.
    static let pause = Duration.milliseconds(250)

    /// Woken after each catch-up while serving: the console's live streams.
    let liveFeed: LiveRequestFeed

    init(projector: StatsProjector, liveFeed: LiveRequestFeed, logger: Logger) {
        self.projector = projector
        self.liveFeed = liveFeed
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
            for await _ in wakeUps {
                await catchUp(saveAtEnd: false)
                liveFeed.publish()
                // At most a few catch-ups a second: each reads a bigger page of events.
                try? await Task.sleep(for: Self.pause)
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
        await catchUp(saveAtEnd: true)
    }

    private func catchUp(saveAtEnd: Bool) async {
        do {
            try await projector.catchUp(saveAtEnd: saveAtEnd)
        } catch {
            // The ledger holds the events; the next wake-up or `/stats` call catches up again.
            logger.error("stats projection could not catch up: \(error)")
        }
    }
}
