import Analytics
import Console
import DomainEvents

/// Virtual keys and teams: each key's team, status, limits and what it spent in each budget's
/// period (the limits' own counters), and every key's and team's requests and cost this
/// month (UTC) and all time (the attribution rollups), each linked to its requests.
struct KeysPage: ConsolePage {
    static let template = "keys"

    /// One budget with what was spent in its current period.
    struct BudgetUse: Sendable {
        var period: String
        var spent: String
        var budget: String
        /// Spent and reserved ÷ budget, as a percentage for the bar (0–100).
        var percent: Int
    }

    /// Requests and cost of one key or team over a range.
    struct Traffic: Sendable {
        var calls: String
        var cost: String
    }

    struct Key: Sendable {
        var id, name, team, status: String
        var active: Bool
        var budgets: [BudgetUse]
        var rateLimits: String
        var expires: String
        var thisMonth: Traffic
        var allTime: Traffic
        var requestsHref: String
    }

    struct Team: Sendable {
        var name: String
        var keys: String
        var budgets: [BudgetUse]
        var thisMonth: Traffic
        var allTime: Traffic
        var requestsHref: String
    }

    /// One tag's or user's traffic (the top ones by cost this month).
    struct Group: Sendable {
        var value: String
        var thisMonth: Traffic
        var requestsHref: String
    }

    var chrome: ConsoleChrome
    var keys: [Key]
    var teams: [Team]
    var tags: [Group]
    var users: [Group]
    /// Stored, not computed: templates see stored properties only.
    var hasKeys: Bool

    init(keys: [Key], teams: [Team], tags: [Group], users: [Group], access: ConsoleAccess) {
        chrome = ConsoleChrome(title: "Keys", section: .keys, access: access)
        self.keys = keys
        self.teams = teams
        self.tags = tags
        self.users = users
        hasKeys = !keys.isEmpty
    }

    static func traffic(_ group: AttributionReport.Group?) -> Traffic {
        Traffic(calls: ConsoleFormat.count(group?.totalCalls ?? 0), cost: ConsoleFormat.dollars(group?.totalCostUSD ?? 0))
    }

    static func use(_ check: BudgetCheck, _ use: Server.BudgetUse) -> BudgetUse {
        let used = use.spentUSD + use.reservedUSD
        return BudgetUse(
            period: check.budget.period.rawValue, spent: ConsoleFormat.dollars(used), budget: ConsoleFormat.dollars(check.budget.usd),
            percent: min(100, max(0, Int((used / check.budget.usd * 100).rounded()))))
    }
}
