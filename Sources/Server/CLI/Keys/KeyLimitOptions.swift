import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// The limit options `create` and `update` share.
struct KeyLimitOptions: ParsableArguments {
    @Option(help: "A label for people.")
    var name: String?

    @Option(help: "A budget in USD per period: 10/day, 250/month, 1000/total (or 1000). Repeat for several periods.")
    var budget: [String] = []

    @Option(help: "Requests per minute.")
    var rpm: Int?

    @Option(help: "Tokens per minute (prompt + completion).")
    var tpm: Int?

    @Option(help: "When the key stops working: an ISO-8601 date or time, or a duration from now (30d, 12h).")
    var expires: String?

    /// Sets the options given on `settings`.
    func apply(to settings: inout KeySettings, now: Int64) throws {
        if let name { settings.name = name }
        if !budget.isEmpty { settings.limits.budgets = try budget.map(LimitNotation.budget) }
        if let rpm { settings.limits.requestsPerMinute = rpm }
        if let tpm { settings.limits.tokensPerMinute = tpm }
        if let expires { settings.expiresAt = try LimitNotation.expiry(expires, now: now) }
    }
}
