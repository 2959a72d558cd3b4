import Analytics
import DomainEvents
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
            for counter in counters { state.spent[counter, default: 0] += costUSD }
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
