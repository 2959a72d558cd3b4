import DomainEvents
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Logging
import PostgresLedger
import PostgresTestSupport
import Testing

@testable import Server

/// Reservations a replica left behind (it stopped between admitting and settling) are settled by
/// any replica's sweeper from the ledger: the recorded cost of a request that completed, its whole
/// reservation when the ledger holds no end of it; younger reservations are left alone.
@Suite struct ReservationSweeperTests {
    @Test func staleReservationsAreSettledFromTheLedger() async throws {
        let stub = UpstreamStub()
        try await TestDatabase.with { url in
            try await stub.run { port in
                let config = try BudgetsAndRateLimitsLiveTests.config(port: port)
                let replica = GatewayHarness(config: config, databaseURL: url, environment: ["ADMIN_KEY": "admin-secret"])
                defer { replica.removeLedger() }
                let served = try await replica.run { client in
                    let key = try await BudgetsAndRateLimitsLiveTests.issue(#"{"team":"sweep","budgets":["1/month"]}"#, through: client)
                    let response = try await BudgetsAndRateLimitsLiveTests.complete(key.secret, through: client)
                    #expect(response.status == .ok)
                    return try #require(response.headers[.requestID])
                }
                let store = try await PostgresEventStore.open(url: PostgresURL(url))
                let ledger = try Ledger(store: store)
                guard case .completionSucceeded(let completion)? = try await ledger.events(requestID: served).last?.decoded() else {
                    Issue.record("no completion")
                    return
                }
                let counter = "key:test|month|0"
                func admit(_ requestID: String, at now: Int64) async throws {
                    let outcome = try await store.admit(
                        requestID: requestID, window: "test", requestsPerMinute: nil, tokensPerMinute: nil, tokens: 10, now: now,
                        counters: [counter], limits: [100], costUSD: 0.5)
                    #expect(outcome == .admitted)
                }
                let now = UnixTime.nowMilliseconds()
                // As a replica killed after admitting: the served request again, one that never
                // ended, and a recent one still running.
                try await admit(served, at: now - 700_000)
                try await admit("lost-request", at: now - 700_000)
                try await admit("running-request", at: now - 1_000)
                #expect(try await store.limitUse(of: [counter])[0].reservedUSD == 1.5)

                let sweeper = ReservationSweeper(ledger: ledger, logger: Logger(label: "sweeper-test"))
                #expect(try await sweeper.sweep(store, now: now) == 2)
                let use = try await store.limitUse(of: [counter])[0]
                #expect(abs(use.spentUSD - (completion.costUSD + 0.5)) < 1e-12)
                #expect(use.reservedUSD == 0.5)
                // Nothing left to settle; settling again changes nothing.
                #expect(try await sweeper.sweep(store, now: now) == 0)
                #expect(try await store.limitUse(of: [counter])[0] == use)
                await ledger.close()
            }
        }
    }
}
