import Analytics
import DomainEvents
import Ledger
import Synchronization

/// Budgets and rate windows counted in this process, under one lock: exact, because a SQLite
/// ledger has one serving process. Settled spend starts from the stats projection's
/// ``TenantSpend`` (caught up with the ledger before the gateway serves).
final class LocalTenantLimits: TenantLimitStore {
    private struct Reservation {
        var counters: [String]
        var usd: Double
        var keyID: String
    }

    private struct State {
        var spent: [String: Double] = [:]
        var reserved: [String: Double] = [:]
        var reservations: [String: Reservation] = [:]
        var windows: [String: RateWindow] = [:]
        /// Day and month counters by the instant from which no budget counts them again (the start
        /// of the period after the next one), and those past it, dropped a few per call.
        var dropAt: [Int64: [String]] = [:]
        var expired: [String] = []
        /// The day whose start the spend was last pruned at.
        var prunedDay: Int64 = .min
    }

    private let state: Mutex<State>

    init(spend: TenantSpend) {
        var state = State()
        for (period, usd) in spend.spent {
            Self.addSpend(usd, to: BudgetCheck.counterName(scope: period.scope, period: period.period, start: period.start), in: &state)
        }
        self.state = Mutex(state)
    }

    func admit(_ request: AdmissionRequest) async throws {
        try state.withLock { state in
            Self.prune(&state, now: request.now)
            let limited = request.requestsPerMinute != nil || request.tokensPerMinute != nil
            if limited {
                // Read in place: a copy of the window held across the `add` below would make the
                // append copy the whole window (copy-on-write).
                state.windows[request.keyID, default: RateWindow()].expire(now: request.now)
                if let limit = request.requestsPerMinute, state.windows[request.keyID]!.count >= limit {
                    let leaves = state.windows[request.keyID]!.oldestLeavesAt ?? request.now
                    throw LimitRefusal.requests(limit: limit, retryAfterMilliseconds: leaves - request.now)
                }
                if let limit = request.tokensPerMinute, state.windows[request.keyID]!.tokens + request.promptTokens > limit {
                    let room = state.windows[request.keyID]!.timeUntilRoom(for: request.promptTokens, limit: limit)
                    throw LimitRefusal.tokens(limit: limit, retryAfterMilliseconds: room.map { $0 - request.now })
                }
            }
            for check in request.budgets {
                let used = state.spent[check.counter, default: 0] + state.reserved[check.counter, default: 0]
                if used + request.maxCostUSD > check.budget.usd { throw LimitRefusal.budget(check, usedUSD: used) }
            }
            var counters = request.spendCounters
            for check in request.budgets where !counters.contains(check.counter) { counters.append(check.counter) }
            for counter in counters { state.reserved[counter, default: 0] += request.maxCostUSD }
            state.reservations[request.requestID] = Reservation(counters: counters, usd: request.maxCostUSD, keyID: request.keyID)
            if limited {
                state.windows[request.keyID]!.add(requestID: request.requestID, at: request.now, tokens: request.promptTokens)
            }
        }
    }

    func settle(requestID: String, keyID: String, costUSD: Double, tokens: Int) async throws {
        state.withLock { state in
            guard let reservation = state.reservations.removeValue(forKey: requestID) else { return }
            for counter in reservation.counters {
                state.reserved[counter, default: 0] -= reservation.usd
                if state.reserved[counter, default: 0] <= 1e-12 { state.reserved[counter] = nil }
                Self.addSpend(costUSD, to: counter, in: &state)
            }
            state.windows[reservation.keyID]?.settle(requestID: requestID, tokens: tokens)
        }
    }

    func recordSpend(counters: [String], costUSD: Double) async throws {
        state.withLock { state in
            Self.prune(&state, now: UnixTime.nowMilliseconds())
            for counter in counters { Self.addSpend(costUSD, to: counter, in: &state) }
        }
    }

    /// Adds spend to a counter; a new day or month counter is listed under the instant from which
    /// it can be dropped.
    private static func addSpend(_ usd: Double, to counter: String, in state: inout State) {
        if let spent = state.spent[counter] {
            state.spent[counter] = spent + usd
            return
        }
        state.spent[counter] = usd
        // `scope|period|start`: read from the end (a team's name may hold a `|`).
        let parts = counter.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count >= 3, let start = Int64(parts[parts.count - 1]),
            let period = BudgetPeriod(rawValue: String(parts[parts.count - 2])),
            let next = period.reset(after: start), let dropAt = period.reset(after: next)
        else { return }
        state.dropAt[dropAt, default: []].append(counter)
    }

    /// Drops the day and month counters of periods before the previous one (no budget counts them
    /// again; `TenantSpend` keeps the same periods): every key and team starts a day counter a
    /// day, so without it the counters would grow for good. Once a day the lists whose instant
    /// has passed are moved aside, and each call drops at most 64 of their counters, so the lock
    /// every admission takes is never held for a sweep of all counters.
    private static func prune(_ state: inout State, now: Int64) {
        let today = BudgetPeriod.day.start(containing: now)
        if today > state.prunedDay {
            state.prunedDay = today
            for instant in state.dropAt.keys.filter({ $0 <= now }) {
                state.expired += state.dropAt.removeValue(forKey: instant) ?? []
            }
        }
        for _ in 0..<min(64, state.expired.count) {
            state.spent[state.expired.removeLast()] = nil
        }
    }

    func use(of checks: [BudgetCheck]) async throws -> [BudgetUse] {
        state.withLock { state in
            checks.map { BudgetUse(spentUSD: state.spent[$0.counter, default: 0], reservedUSD: state.reserved[$0.counter, default: 0]) }
        }
    }

    func window(keyID: String, now: Int64) async throws -> (requests: Int, tokens: Int) {
        state.withLock { state in
            state.windows[keyID]?.expire(now: now)
            let window = state.windows[keyID] ?? RateWindow()
            return (window.count, window.tokens)
        }
    }
}
