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

    private struct WindowEntry {
        var requestID: String
        var at: Int64
        var tokens: Int
    }

    private struct State {
        var spent: [String: Double] = [:]
        var reserved: [String: Double] = [:]
        var reservations: [String: Reservation] = [:]
        var windows: [String: [WindowEntry]] = [:]

        mutating func prune(_ keyID: String, now: Int64) {
            guard var window = windows[keyID] else { return }
            window.removeAll { $0.at <= now - 60_000 }
            windows[keyID] = window.isEmpty ? nil : window
        }
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
            state.prune(request.keyID, now: request.now)
            let window = state.windows[request.keyID] ?? []
            if let limit = request.requestsPerMinute, window.count >= limit {
                throw LimitRefusal.requests(limit: limit, retryAfterMilliseconds: window[0].at + 60_000 - request.now)
            }
            if let limit = request.tokensPerMinute {
                if request.promptTokens > limit { throw LimitRefusal.tokens(limit: limit, retryAfterMilliseconds: nil) }
                // The wait until enough of the window's tokens have left it.
                var used = window.reduce(0) { $0 + $1.tokens } + request.promptTokens
                if used > limit {
                    var index = 0
                    while used > limit, index < window.count {
                        used -= window[index].tokens
                        index += 1
                    }
                    throw LimitRefusal.tokens(
                        limit: limit, retryAfterMilliseconds: window[index - 1].at + 60_000 - request.now)
                }
            }
            for check in request.budgets {
                let used = state.spent[check.counter, default: 0] + state.reserved[check.counter, default: 0]
                if used + request.maxCostUSD > check.budget.usd { throw LimitRefusal.budget(check, usedUSD: used) }
            }
            let counters = request.budgets.map(\.counter)
            for counter in counters { state.reserved[counter, default: 0] += request.maxCostUSD }
            state.reservations[request.requestID] = Reservation(counters: counters, usd: request.maxCostUSD, keyID: request.keyID)
            if request.requestsPerMinute != nil || request.tokensPerMinute != nil {
                state.windows[request.keyID, default: []].append(
                    WindowEntry(requestID: request.requestID, at: request.now, tokens: request.promptTokens))
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
            if let index = state.windows[reservation.keyID]?.firstIndex(where: { $0.requestID == requestID }) {
                state.windows[reservation.keyID]?[index].tokens = tokens
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
            let window = (state.windows[keyID] ?? []).filter { $0.at > now - 60_000 }
            return (window.count, window.reduce(0) { $0 + $1.tokens })
        }
    }
}
