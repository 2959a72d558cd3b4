import Ledger
import Logging
import PostgresLedger
import ServiceLifecycle

/// Wakes the projection follower when another replica appends to a shared (PostgreSQL) ledger,
/// so `/stats`, raw pages, audits and the console answer the same from every replica once caught
/// up. A ledger only this process writes (SQLite) needs no watching: the gateway wakes the
/// follower after each of its own appends.
struct LedgerWatcher: Service {
    let ledger: Ledger
    let follower: ProjectionFollower

    func run() async throws {
        guard let shared = ledger.store as? PostgresEventStore else {
            // A service that returns early stops the whole group: wait for the shutdown instead.
            try await gracefulShutdown()
            return
        }
        let follower = follower
        await cancelWhenGracefulShutdown {
            await shared.watchAppends { _ in follower.notify() }
        }
    }
}
