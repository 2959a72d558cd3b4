import DomainEvents

/// What each virtual key and team spent in its current budget periods (UTC day, month, and
/// total), folded from ended requests by the stats projection — so a gateway that starts knows
/// every budget's spend without reading the ledger again.
///
/// Only the periods that can still be current are kept: the newest two days and months seen (a
/// request ending just after midnight may have been received before it); totals are kept for good.
public struct TenantSpend: Sendable, Codable, Equatable {
    /// A scope's spend in one period.
    public struct Period: Sendable, Codable, Hashable {
        /// `key:ID` or `team:NAME`.
        public var scope: String
        public var period: BudgetPeriod
        /// The period's start (Unix ms; 0 for `total`).
        public var start: Int64

        public init(scope: String, period: BudgetPeriod, start: Int64) {
            self.scope = scope
            self.period = period
            self.start = start
        }
    }

    /// USD by scope and period (saved as a list: JSON objects need string keys).
    public private(set) var spent: [Period: Double] = [:]
    private var newestDay: Int64 = .min
    private var newestMonth: Int64 = .min

    public init() {}

    /// The scope name of a key.
    public static func keyScope(_ keyID: String) -> String { "key:" + keyID }
    /// The scope name of a team.
    public static func teamScope(_ team: String) -> String { "team:" + team }

    /// Adds an ended request's cost to its key's and team's periods (by when it was received).
    public mutating func add(_ request: CompletedRequest) {
        guard request.costUSD > 0, request.apiKeyID != nil || request.team != nil else { return }
        var scopes: [String] = []
        if let key = request.apiKeyID { scopes.append(Self.keyScope(key)) }
        if let team = request.team { scopes.append(Self.teamScope(team)) }
        for scope in scopes {
            for period in BudgetPeriod.allCases {
                spent[Period(scope: scope, period: period, start: period.start(containing: request.receivedAt)), default: 0]
                    += request.costUSD
            }
        }
        let day = BudgetPeriod.day.start(containing: request.receivedAt)
        let month = BudgetPeriod.month.start(containing: request.receivedAt)
        if day > newestDay || month > newestMonth {
            newestDay = max(newestDay, day)
            newestMonth = max(newestMonth, month)
            let oldestDay = newestDay - CivilDays.millisecondsPerDay
            let oldestMonth = BudgetPeriod.month.start(containing: newestMonth - 1)
            spent = spent.filter { entry in
                switch entry.key.period {
                case .total: true
                case .day: entry.key.start >= oldestDay
                case .month: entry.key.start >= oldestMonth
                }
            }
        }
    }

    /// What `scope` spent in the `period` that holds `instant`.
    public func spent(scope: String, period: BudgetPeriod, at instant: Int64) -> Double {
        spent[Period(scope: scope, period: period, start: period.start(containing: instant))] ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case spent, newestDay = "newest_day", newestMonth = "newest_month"
    }

    private struct Entry: Codable {
        var scope: String
        var period: BudgetPeriod
        var start: Int64
        var usd: Double
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for entry in try container.decode([Entry].self, forKey: .spent) {
            spent[Period(scope: entry.scope, period: entry.period, start: entry.start)] = entry.usd
        }
        newestDay = try container.decode(Int64.self, forKey: .newestDay)
        newestMonth = try container.decode(Int64.self, forKey: .newestMonth)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let entries = spent.map { Entry(scope: $0.key.scope, period: $0.key.period, start: $0.key.start, usd: $0.value) }
            .sorted { ($0.scope, $0.period.rawValue, $0.start) < ($1.scope, $1.period.rawValue, $1.start) }
        try container.encode(entries, forKey: .spent)
        try container.encode(newestDay, forKey: .newestDay)
        try container.encode(newestMonth, forKey: .newestMonth)
    }
}
