import Analytics
import DomainEvents
import Foundation
import HTTPTypes
import Ledger
import Logging

/// Holds virtual keys to their budgets (and their team's) and rate limits: a request is admitted
/// before its upstream call — its maximum cost reserved, its prompt counted in the key's window —
/// and settled from its real usage once it ended. Refusals are 429 envelopes saying why and when
/// to come back.
struct TenantLimits: Sendable {
    let store: any TenantLimitStore
    /// Each team's budgets (`auth.team_budgets`).
    let teamBudgets: [String: [Budget]]
    let logger: Logger

    /// Reads `auth.team_budgets`; a budget that is not `USD/period` is a startup error.
    static func teamBudgets(_ configured: [String: [String]]) throws -> [String: [Budget]] {
        try configured.mapValues { budgets in
            do {
                let parsed = try budgets.map(LimitNotation.budget)
                try KeyAdministration.validate(KeySettings(team: "t", limits: KeyLimits(budgets: parsed)))
                return parsed
            } catch let error as KeyAdministrationError {
                throw GatewayStartError(message: "auth.team_budgets: \(error.message)")
            }
        }
    }

    /// The budgets a caller's request counts against at `now`.
    func budgetChecks(for caller: APIKeys.Caller, at now: Int64) -> [BudgetCheck] {
        let keyScope = TenantSpend.keyScope(caller.keyID)
        var checks = (caller.limits?.budgets ?? []).map { BudgetCheck(scope: keyScope, budget: $0, at: now) }
        if let team = caller.team {
            checks += (teamBudgets[team] ?? []).map { BudgetCheck(scope: TenantSpend.teamScope(team), budget: $0, at: now) }
        }
        return checks
    }

    /// Admits the request or throws its 429; nil when nothing limits the caller (no virtual key,
    /// or one without budgets or rate limits, in a team without budgets).
    /// `maxCostUSD` is worked out only when a limit applies (not on a keyless or environment-key request).
    func admit(
        caller: APIKeys.Caller?, requestID: String, promptTokens: Int, maxCostUSD: @autoclosure () -> Double
    ) async throws -> AdmittedRequest? {
        guard let caller, caller.team != nil || caller.limits != nil else { return nil }
        let maxCostUSD = maxCostUSD()
        let now = UnixTime.nowMilliseconds()
        let request = AdmissionRequest(
            requestID: requestID, keyID: caller.keyID, requestsPerMinute: caller.limits?.requestsPerMinute,
            tokensPerMinute: caller.limits?.tokensPerMinute, promptTokens: promptTokens,
            budgets: budgetChecks(for: caller, at: now), maxCostUSD: maxCostUSD, now: now)
        guard request.limitsAnything else { return nil }
        do {
            try await store.admit(request)
        } catch let refusal as LimitRefusal {
            throw Self.error(refusal, keyID: caller.keyID, maxCostUSD: maxCostUSD, promptTokens: promptTokens, now: now)
        } catch {
            throw OpenAIError(
                status: .serviceUnavailable, message: "the ledger cannot check this key's limits: \(error)",
                type: "api_error", code: "ledger_unavailable")
        }
        return AdmittedRequest(requestID: requestID, keyID: caller.keyID, store: store, logger: logger)
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

/// A request admitted against limits: it holds a reservation until ``settle(costUSD:tokens:)``.
struct AdmittedRequest: Sendable {
    let requestID: String
    let keyID: String
    let store: any TenantLimitStore
    let logger: Logger

    /// Settles the request with its real cost and tokens. A store that cannot be reached keeps
    /// the reservation (never less than the real cost), so a budget never under-counts.
    func settle(costUSD: Double, tokens: Int) async {
        do {
            try await store.settle(requestID: requestID, keyID: keyID, costUSD: costUSD, tokens: tokens)
        } catch {
            logger.error("could not settle request \(requestID)'s limits: \(error)")
        }
    }
}
