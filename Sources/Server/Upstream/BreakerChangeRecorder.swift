import Ledger
import Logging
import ServiceLifecycle

/// Appends each breaker move the board reports to the ledger as `provider.breaker_changed`, in
/// the order they happened, off the request path (the board reports under its lock and must not
/// wait for a commit). At graceful shutdown it records what is queued, then stops — before the
/// ledger closes, as services stop in reverse order.
final class BreakerChangeRecorder: Service, Sendable {
    private let ledger: Ledger
    private let follower: ProjectionFollower
    private let logger: Logger
    private let changes: AsyncStream<BreakerChange>
    private let queue: AsyncStream<BreakerChange>.Continuation
    /// With a ledger shared by several replicas: the moves this process records (see `ReplicaSharing`).
    private let ownEvents: OwnEvents?

    init(ledger: Ledger, follower: ProjectionFollower, ownEvents: OwnEvents?, logger: Logger) {
        self.ledger = ledger
        self.follower = follower
        self.ownEvents = ownEvents
        self.logger = logger
        (changes, queue) = AsyncStream.makeStream()
    }

    /// Queues `change` for the ledger; never blocks.
    @Sendable func enqueue(_ change: BreakerChange) {
        ownEvents?.insert(change.eventID)
        queue.yield(change)
    }

    func run() async {
        await withGracefulShutdownHandler {
            for await change in changes {
                do {
                    try await ledger.append([change.event])
                    follower.notify()
                } catch {
                    logger.error("could not record a breaker change of \(change.provider): \(error)")
                }
            }
        } onGracefulShutdown: {
            self.queue.finish()
        }
    }
}
