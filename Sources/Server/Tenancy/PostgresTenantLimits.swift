import Analytics
import Ledger
import PostgresLedger

/// Budgets and rate windows in the PostgreSQL ledger's tables, shared by every replica: each
/// admission and settlement is one statement (``PostgresEventStore/admit``), serialized per key
/// and per budget counter by advisory locks — so the limits hold across replicas exactly.
struct PostgresTenantLimits: TenantLimitStore {
    let store: PostgresEventStore

    func admit(_ request: AdmissionRequest) async throws {
        // The budgets' counters first (a refusal names its index), then the spend counters
        // without a budget, reserved against an unlimited amount.
        var counters = request.budgets.map(\.counter)
        var limits = request.budgets.map(\.budget.usd)
        for counter in request.spendCounters where !counters.contains(counter) {
            counters.append(counter)
            limits.append(.infinity)
        }
        let outcome = try await store.admit(
            requestID: request.requestID, window: request.keyID, requestsPerMinute: request.requestsPerMinute,
            tokensPerMinute: request.tokensPerMinute, tokens: request.promptTokens, now: request.now,
            counters: counters, limits: limits, costUSD: request.maxCostUSD)
        switch outcome {
        case .admitted: return
        case .requestsPerMinute(_, let retryAfter):
            throw LimitRefusal.requests(limit: request.requestsPerMinute ?? 0, retryAfterMilliseconds: retryAfter)
        case .tokensPerMinute(_, let retryAfter):
            throw LimitRefusal.tokens(limit: request.tokensPerMinute ?? 0, retryAfterMilliseconds: retryAfter)
        case .budget(let index, let used):
            // An index past the budgets is a counter without one (+∞): refused only by a cost
            // that is not a number, which no budget can take either.
            guard request.budgets.indices.contains(index) else {
                throw LedgerError(.storage, "routeledger_admit refused a counter without a budget (cost \(request.maxCostUSD))")
            }
            throw LimitRefusal.budget(request.budgets[index], usedUSD: used)
        }
    }

    func settle(requestID: String, keyID: String, costUSD: Double, tokens: Int) async throws {
        try await store.settle(requestID: requestID, window: keyID, costUSD: costUSD, tokens: tokens)
    }

    func recordSpend(counters: [String], costUSD: Double) async throws {
        try await store.addLimitSpend(costUSD, to: counters)
    }

    func use(of checks: [BudgetCheck]) async throws -> [BudgetUse] {
        try await store.limitUse(of: checks.map(\.counter)).map { BudgetUse(spentUSD: $0.spentUSD, reservedUSD: $0.reservedUSD) }
    }

    func window(keyID: String, now: Int64) async throws -> (requests: Int, tokens: Int) {
        try await store.limitWindow(keyID, now: now)
    }

    /// Brings the projection's spend into the shared counters, once per database (see
    /// ``PostgresEventStore/seedLimitSpend(_:)``).
    func seed(from spend: TenantSpend) async throws {
        var counters: [String: Double] = [:]
        for (period, usd) in spend.spent {
            counters[BudgetCheck.counterName(scope: period.scope, period: period.period, start: period.start)] = usd
        }
        _ = try await store.seedLimitSpend(counters)
    }
}
