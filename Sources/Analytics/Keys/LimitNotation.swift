import DomainEvents
import Foundation

/// The short forms people type for key limits: budgets (`10/day`, `250/month`, `1000/total`,
/// `1000` for a total) and expiries (an ISO-8601 date or time, or a duration from now: `30d`,
/// `12h`, `90m`).
public enum LimitNotation {
    /// A budget from `USD[/day|/month|/total]`.
    public static func budget(_ text: String) throws -> Budget {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let period = parts.count == 2 ? BudgetPeriod(rawValue: parts[1].lowercased()) : .total
        guard let period, let amount = parts.first.flatMap({ Double($0) }), amount.isFinite, amount > 0 else {
            throw KeyAdministrationError(
                .invalid, "a budget is USD[/day|/month|/total] with a positive amount (10/day, 250/month, 1000); got \"\(text)\"")
        }
        return Budget(usd: amount, period: period)
    }

    /// A budget as people type it: `100/month`, `12.5/day`.
    public static func text(_ budget: Budget) -> String {
        return "\(amount(budget.usd))/\(budget.period.rawValue)"
    }

    /// An amount in plain decimals (`100`, `12.5`, `0.000001`), never in exponent form.
    static func amount(_ usd: Double) -> String {
        if usd.rounded() == usd && abs(usd) < 1e15 { return String(Int64(usd)) }
        let fixed = String(format: "%.9f", usd).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
        return Double(fixed) == usd ? fixed : String(usd)
    }

    /// Unix milliseconds of an expiry given as an ISO-8601 date/time or a duration from `now`.
    public static func expiry(_ text: String, now: Int64) throws -> Int64 {
        if let at = RecordTimestamp.parse(text) { return at }
        let units: [Character: Int64] = ["d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1_000]
        if let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0 {
            return now + count * unit
        }
        throw KeyAdministrationError(
            .invalid, "an expiry is an ISO-8601 date or time (2027-01-31, 2027-01-31T12:00:00Z) or a duration (30d, 12h, 90m); got \"\(text)\"")
    }
}
