import Analytics
import DomainEvents
import Ledger
import Testing

@testable import Server

/// The in-process limit counters drop the day and month periods no budget counts again, once a
/// day, and keep the previous ones and the totals.
@Suite struct LocalTenantLimitsTests {
    @Test func countersOfEndedPeriodsBeforeThePreviousOneAreDropped() async throws {
        let limits = LocalTenantLimits(spend: TenantSpend())
        let now = UnixTime.nowMilliseconds()
        let fiveDaysAgo = now - 5 * CivilDays.millisecondsPerDay
        try await limits.recordSpend(
            counters: BudgetCheck.spendCounters(keyID: "key_a", team: "t", at: fiveDaysAgo), costUSD: 2)
        let checks = BudgetPeriod.allCases.map {
            BudgetCheck(scope: TenantSpend.keyScope("key_a"), budget: Budget(usd: 10, period: $0), at: fiveDaysAgo)
        }
        #expect(try await limits.use(of: checks).map(\.spentUSD) == [2, 2, 2])

        // The next day's first admission prunes: five days ago is gone, its month is kept while it
        // is this month or the last, the total for good.
        let tomorrow = now + CivilDays.millisecondsPerDay
        try await limits.admit(AdmissionRequest(
            requestID: "r", keyID: "key_b", requestsPerMinute: 100, tokensPerMinute: nil, promptTokens: 1, budgets: [],
            spendCounters: BudgetCheck.spendCounters(keyID: "key_b", team: "t", at: tomorrow), maxCostUSD: 0.5, now: tomorrow))
        let monthKept = BudgetPeriod.month.start(containing: fiveDaysAgo)
            >= BudgetPeriod.month.start(containing: BudgetPeriod.month.start(containing: tomorrow) - 1)
        #expect(try await limits.use(of: checks).map(\.spentUSD) == [0, monthKept ? 2 : 0, 2])
    }
}
