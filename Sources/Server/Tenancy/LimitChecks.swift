import Analytics
import DomainEvents

/// One budget a request counts against: a key's or team's budget, in the period that holds the
/// request's admission.
struct BudgetCheck: Sendable, Equatable {
    /// `key:ID` or `team:NAME` (``TenantSpend``'s scope names).
    var scope: String
    var budget: Budget
    /// The period's start (Unix ms; 0 for `total`).
    var periodStart: Int64

    init(scope: String, budget: Budget, at instant: Int64) {
        self.scope = scope
        self.budget = budget
        periodStart = budget.period.start(containing: instant)
    }

    /// The counter's name in a limit store: scope, period and start.
    var counter: String { Self.counterName(scope: scope, period: budget.period, start: periodStart) }

    static func counterName(scope: String, period: BudgetPeriod, start: Int64) -> String {
        "\(scope)|\(period.rawValue)|\(start)"
    }

    /// Every counter a virtual key's request spends from at `instant`: its key's and its team's,
    /// in each period (day, month, total) — budget or not, so a budget set later counts what was
    /// spent before it, as the stats projection's ``TenantSpend`` does.
    static func spendCounters(keyID: String, team: String?, at instant: Int64) -> [String] {
        var scopes = [TenantSpend.keyScope(keyID)]
        if let team { scopes.append(TenantSpend.teamScope(team)) }
        return scopes.flatMap { scope in
            BudgetPeriod.allCases.map { counterName(scope: scope, period: $0, start: $0.start(containing: instant)) }
        }
    }
}

/// What one request asks of its key's and team's limits.
struct AdmissionRequest: Sendable {
    var requestID: String
    var keyID: String
    var requestsPerMinute: Int?
    var tokensPerMinute: Int?
    /// Counted in the tokens-per-minute window until the request settles with its real usage.
    var promptTokens: Int
    var budgets: [BudgetCheck]
    /// Every counter the request spends from (``BudgetCheck/spendCounters(keyID:team:at:)``; the
    /// budgets' counters among them).
    var spendCounters: [String]
    /// Reserved against every spend counter until the request settles with its real cost.
    var maxCostUSD: Double
    /// Unix ms.
    var now: Int64
}

/// Why a request was not admitted.
enum LimitRefusal: Error, Equatable {
    /// The budget cannot take the request's maximum cost: `usedUSD` is spent plus reserved.
    case budget(BudgetCheck, usedUSD: Double)
    /// The key's requests-per-minute window is full until a request leaves it.
    case requests(limit: Int, retryAfterMilliseconds: Int64)
    /// The key's tokens-per-minute window cannot take the prompt; nil retry when the prompt alone
    /// is over the limit.
    case tokens(limit: Int, retryAfterMilliseconds: Int64?)
}

/// A period's spend as a store holds it.
struct BudgetUse: Sendable, Equatable {
    /// Settled spend.
    var spentUSD: Double
    /// Reserved by requests still running.
    var reservedUSD: Double
}

/// Where budgets and rate windows are counted: in this process (a SQLite ledger has one serving
/// process), or in PostgreSQL tables every replica shares.
protocol TenantLimitStore: Sendable {
    /// Admits the request (reserving its maximum cost on every spend counter and entering the
    /// rate window) or throws ``LimitRefusal``; atomic with every other admission of the same key
    /// and teams.
    func admit(_ request: AdmissionRequest) async throws
    /// Replaces the request's reservation with its real cost and its prompt estimate with its
    /// real token count. Settling twice, or a request never admitted, changes nothing.
    func settle(requestID: String, keyID: String, costUSD: Double, tokens: Int) async throws
    /// Adds the cost of a request nothing limited (so never admitted) to its spend counters.
    func recordSpend(counters: [String], costUSD: Double) async throws
    /// The spend and reservations of each check's period.
    func use(of checks: [BudgetCheck]) async throws -> [BudgetUse]
    /// The requests and tokens in the key's window of the minute before `now`.
    func window(keyID: String, now: Int64) async throws -> (requests: Int, tokens: Int)
}
