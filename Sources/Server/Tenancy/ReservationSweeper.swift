import DomainEvents
import Ledger
import Logging
import PostgresLedger
import ServiceLifecycle

/// Settles the budget reservations a replica left behind when it stopped between admitting a
/// request and settling it (`kill -9`, a crash): without this they would count against their
/// budgets for good. Every `interval` it reads the reservations older than `age` and settles each
/// from the ledger — the request's recorded cost when it completed, nothing when it failed, and
/// its whole reservation when the ledger holds no end of it (the upstream may have been paid, so
/// the budget keeps counting it: never less than what was spent). Any replica may do it; settling
/// twice changes nothing. A SQLite ledger has one serving process, which always settles: nothing
/// to sweep.
struct ReservationSweeper: Service {
    let ledger: Ledger
    var interval = Duration.seconds(30)
    var age: Int64 = 600_000
    let logger: Logger

    func run() async throws {
        guard let shared = ledger.store as? PostgresEventStore else {
            try await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                do {
                    try await sweep(shared, now: UnixTime.nowMilliseconds())
                } catch {
                    logger.warning("could not settle stale budget reservations: \(error)")
                }
            }
        }
    }

    /// Settles the reservations older than `age` at `now`; returns how many requests it settled.
    @discardableResult
    func sweep(_ store: PostgresEventStore, now: Int64) async throws -> Int {
        let stale = try await store.staleReservations(before: now - age, limit: 500)
        for reservation in stale {
            var cost = reservation.usd
            var tokens = 0
            for event in try await ledger.events(requestID: reservation.requestID) {
                switch try event.decoded() {
                case .completionSucceeded(let completion):
                    cost = completion.costUSD
                    tokens = completion.inputTokens + completion.outputTokens
                case .completionFailed:
                    cost = 0
                default: break
                }
            }
            try await store.settle(requestID: reservation.requestID, window: "", costUSD: cost, tokens: tokens)
        }
        return stale.count
    }
}
