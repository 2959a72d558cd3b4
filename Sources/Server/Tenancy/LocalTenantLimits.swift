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
        /// The day whose start the spend was last pruned at.
        var prunedDay: Int64 = .min
    }

    private let state: Mutex<State>

    init(spend: TenantSpend) {
        var state = State()
        for (period, usd) in spend.spent {
            state.spent[BudgetCheck.counterName(scope: period.scope, period: period.period, start: period.start)] = usd
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
                state.spent[counter, default: 0] += costUSD
            }
            state.windows[reservation.keyID]?.settle(requestID: requestID, tokens: tokens)
        }
    }

    func recordSpend(counters: [String], costUSD: Double) async throws {
        state.withLock { state in
            Self.prune(&state, now: UnixTime.nowMilliseconds())
            for counter in counters { state.spent[counter, default: 0] += costUSD }
        }
    }

    /// Once a day, drops the day and month counters of periods before the previous one (no budget
    /// counts them again): every key and team starts a day counter a day, so without it the
    /// counters would grow for good. (`TenantSpend` keeps the same periods.)
    private static func prune(_ state: inout State, now: Int64) {
        let today = BudgetPeriod.day.start(containing: now)
        guard today > state.prunedDay else { return }
        state.prunedDay = today
        let oldestDay = today - CivilDays.millisecondsPerDay
        let oldestMonth = BudgetPeriod.month.start(containing: BudgetPeriod.month.start(containing: now) - 1)
        state.spent = state.spent.filter { counter, _ in
            // `scope|period|start`: read from the end (a team's name may hold a `|`).
            let parts = counter.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count >= 3, let start = Int64(parts[parts.count - 1]) else { return true }
            switch parts[parts.count - 2] {
            case "day": return start >= oldestDay
            case "month": return start >= oldestMonth
            default: return true
            }
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
