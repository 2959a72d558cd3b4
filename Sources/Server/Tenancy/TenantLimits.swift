import Analytics
import DomainEvents
import Foundation
import HTTPTypes
import Ledger
import Logging

/// Holds virtual keys to their budgets (and their team's, set by `team.updated`) and rate limits:
/// a request is admitted before its upstream call — its maximum cost reserved, its prompt counted
/// in the key's window — and settled from its real usage once it ended. Refusals are 429 envelopes saying why and when
/// to come back.
struct TenantLimits: Sendable {
    let store: any TenantLimitStore
    let logger: Logger

    /// The budgets a caller's request counts against at `now`.
    func budgetChecks(for caller: APIKeys.Caller, at now: Int64) -> [BudgetCheck] {
        let keyScope = TenantSpend.keyScope(caller.keyID)
        var checks = (caller.limits?.budgets ?? []).map { BudgetCheck(scope: keyScope, budget: $0, at: now) }
        if let team = caller.team {
            checks += caller.teamBudgets.map { BudgetCheck(scope: TenantSpend.teamScope(team), budget: $0, at: now) }
        }
        return checks
    }

    /// Admits the request or throws its 429; nil without a virtual key. A virtual key's request
    /// is admitted (its maximum cost reserved) only when a budget or rate limit applies; every
    /// one settles, so its key and team count what they spent even before a budget was set.
    /// `maxCostUSD` is worked out only when a limit applies.
    func admit(
        caller: APIKeys.Caller?, requestID: String, promptTokens: Int, maxCostUSD: @autoclosure () -> Double
    ) async throws -> AdmittedRequest? {
        guard let caller, caller.team != nil || caller.limits != nil else { return nil }
        let now = UnixTime.nowMilliseconds()
        let checks = budgetChecks(for: caller, at: now)
        let spendCounters = BudgetCheck.spendCounters(keyID: caller.keyID, team: caller.team, at: now)
        guard !checks.isEmpty || caller.limits?.requestsPerMinute != nil || caller.limits?.tokensPerMinute != nil else {
            return AdmittedRequest(
                requestID: requestID, keyID: caller.keyID, reserved: false, spendCounters: spendCounters, store: store, logger: logger)
        }
        let maxCostUSD = maxCostUSD()
        let request = AdmissionRequest(
            requestID: requestID, keyID: caller.keyID, requestsPerMinute: caller.limits?.requestsPerMinute,
            tokensPerMinute: caller.limits?.tokensPerMinute, promptTokens: promptTokens,
            budgets: checks, spendCounters: spendCounters, maxCostUSD: maxCostUSD, now: now)
        do {
            try await store.admit(request)
        } catch let refusal as LimitRefusal {
            throw Self.error(refusal, keyID: caller.keyID, maxCostUSD: maxCostUSD, promptTokens: promptTokens, now: now)
        } catch {
            throw OpenAIError(
                status: .serviceUnavailable, message: "the ledger cannot check this key's limits: \(error)",
                type: "api_error", code: "ledger_unavailable")
        }
        return AdmittedRequest(
            requestID: requestID, keyID: caller.keyID, reserved: true, spendCounters: spendCounters, store: store, logger: logger)
    }

    /// The 429 of a refusal: `budget_exceeded` with the period's reset time, or
    /// `rate_limit_exceeded` with `Retry-After`.
    static func error(
        _ refusal: LimitRefusal, keyID: String, maxCostUSD: Double, promptTokens: Int, now: Int64
    ) -> OpenAIError {
        var headers = HTTPFields()
        let message: String
        let code: String
        let type: String
        switch refusal {
        case .budget(let check, let used):
            let reset = check.budget.period.reset(after: now)
            let owner = check.scope.hasPrefix("team:") ? "team \(check.scope.dropFirst(5))" : "key \(keyID)"
            let period = ["day": "daily", "month": "monthly", "total": "total"][check.budget.period.rawValue] ?? ""
            message = "\(owner) has used \(usd(used)) of its \(period) budget of \(usd(check.budget.usd)) "
                + "(spent and reserved by running requests); this request may cost up to \(usd(maxCostUSD)). "
                + (reset.map { "The budget resets at \(RecordTimestamp.format($0))." } ?? "A total budget never resets.")
            if let reset {
                headers[.retryAfter] = String(max(1, (reset - now + 999) / 1_000))
                headers[Self.budgetResetHeader] = RecordTimestamp.format(reset)
            }
            code = "budget_exceeded"
            type = "insufficient_quota"
        case .requests(let limit, let retryAfter):
            message = "key \(keyID) is limited to \(limit) requests per minute; retry after \(seconds(retryAfter)) s"
            headers[.retryAfter] = String(seconds(retryAfter))
            code = "rate_limit_exceeded"
            type = "requests"
        case .tokens(let limit, let retryAfter):
            if let retryAfter {
                message = "key \(keyID) is limited to \(limit) tokens per minute; retry after \(seconds(retryAfter)) s"
                headers[.retryAfter] = String(seconds(retryAfter))
            } else {
                message = "this request's \(promptTokens) prompt tokens exceed key \(keyID)'s limit of \(limit) tokens per minute"
            }
            code = "rate_limit_exceeded"
            type = "tokens"
        }
        var error = OpenAIError(status: .tooManyRequests, message: message, type: type, code: code)
        error.headers = headers
        return error
    }

    /// `x-routeledger-budget-reset`: when the exhausted budget's period ends (ISO-8601).
    static let budgetResetHeader = HTTPField.Name("x-routeledger-budget-reset")!

    private static func usd(_ amount: Double) -> String {
        "$" + String(format: "%.6f", amount).replacingOccurrences(of: #"0{1,4}$"#, with: "", options: .regularExpression)
    }

    private static func seconds(_ milliseconds: Int64) -> Int64 {
        max(1, (milliseconds + 999) / 1_000)
    }
}

/// A virtual key's request on its way: when limits applied it holds a reservation until
/// ``settle(costUSD:tokens:)``; otherwise settling adds its cost to its spend counters.
struct AdmittedRequest: Sendable {
    let requestID: String
    let keyID: String
    /// Whether the store admitted it (a reservation and a place in the rate window).
    let reserved: Bool
    let spendCounters: [String]
    let store: any TenantLimitStore
    let logger: Logger

    /// Settles the request with its real cost and tokens. A store that cannot be reached keeps
    /// a reservation (never less than the real cost), so a budget never under-counts; the cost of
    /// a request nothing limited (no reservation) is then logged and not counted.
    func settle(costUSD: Double, tokens: Int) async {
        do {
            if reserved {
                try await store.settle(requestID: requestID, keyID: keyID, costUSD: costUSD, tokens: tokens)
            } else if costUSD > 0 {
                try await store.recordSpend(counters: spendCounters, costUSD: costUSD)
            }
        } catch {
            logger.error("could not settle request \(requestID)'s limits: \(error)")
        }
    }
}
