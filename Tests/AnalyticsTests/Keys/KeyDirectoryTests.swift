import Analytics
import DomainEvents
import Foundation
import Ledger
import Testing

/// The key directory folds `key.*` and `team.updated` events: settings and team budgets in force
/// at any seq, the first revocation, lookups by secret; the limit notation reads budgets and
/// expiries (and writes budgets back) or says what is wrong.
@Suite struct KeyDirectoryTests {
    @Test func theDirectoryHoldsEachKeysSettingsAtEverySeqAndItsFirstRevocation() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let ledger = try Ledger(path: path)
            let administration = KeyAdministration(ledger: ledger)
            let issued = try await administration.create(
                KeySettings(team: "a", limits: KeyLimits(budgets: [Budget(usd: 5, period: .day)], requestsPerMinute: 10)),
                actor: "cli:one")
            let other = try await administration.create(KeySettings(team: "b"), actor: "cli:two")
            let createdSeq = issued.key.history[0].seq
            let updated = try await administration.update(issued.key.keyID, actor: "cli:three") { $0.team = "c" }
            #expect(updated.history.map(\.settings.team) == ["a", "c"])
            let updateSeq = updated.history[1].seq
            // An update that changes nothing appends nothing.
            let unchanged = try await administration.update(issued.key.keyID, actor: "cli:three") { $0.team = "c" }
            #expect(unchanged.history.count == 2)
            _ = try await administration.revoke(issued.key.keyID, actor: "cli:four")

            let read = try await KeyDirectory.read(from: ledger)
            let key = try #require(read.keys[issued.key.keyID])
            #expect(key.settings(atSeq: createdSeq) == nil)
            #expect(key.settings(atSeq: createdSeq + 1)?.team == "a")
            #expect(key.settings(atSeq: updateSeq)?.team == "a")
            #expect(key.settings(atSeq: updateSeq + 1)?.team == "c")
            #expect(key.settings(atSeq: updateSeq + 1)?.limits.requestsPerMinute == 10)
            #expect(key.revokedBy == "cli:four")
            #expect(!key.isAccepted(at: UnixTime.nowMilliseconds()))
            #expect(read.key(secret: issued.secret)?.keyID == issued.key.keyID)
            #expect(read.key(secret: other.secret)?.keyID == other.key.keyID)
            #expect(read.key(secret: issued.secret + "0") == nil)
            #expect(read.all.map(\.keyID) == [issued.key.keyID, other.key.keyID])
            #expect(read.throughSeq == (try await ledger.lastSeq(ofRequest: KeyDirectory.requestID)))

            // A second revocation (two admins at once) does not move the first.
            var folded = read
            folded.apply(.keyRevoked(KeyRevoked(keyID: issued.key.keyID, actor: "late")), seq: read.throughSeq + 1, timestamp: 0)
            #expect(folded.keys[issued.key.keyID]?.revokedBy == "cli:four")
            await #expect(throws: KeyAdministrationError.self) {
                try await administration.update(issued.key.keyID, actor: "x") { $0.name = "n" }
            }
            await ledger.close()
        }
    }

    @Test func theDirectoryHoldsEachTeamsBudgetsAtEverySeq() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("teams-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let ledger = try Ledger(path: path)
        let administration = KeyAdministration(ledger: ledger)
        _ = try await administration.create(KeySettings(team: "keys-only"), actor: "cli:one")
        // Clearing the budgets of a team that never had any records nothing.
        #expect(try await administration.setBudgets([], ofTeam: "research", actor: "cli:one").history.isEmpty)
        let monthly = [Budget(usd: 100, period: .month)]
        let first = try await administration.setBudgets(monthly, ofTeam: "research", actor: "cli:one")
        let firstSeq = try #require(first.history.last?.seq)
        #expect(try await administration.setBudgets(monthly, ofTeam: "research", actor: "cli:two").history.count == 1)
        let both = [Budget(usd: 100, period: .month), Budget(usd: 5, period: .day)]
        let second = try await administration.setBudgets(both, ofTeam: "research", actor: "cli:two")
        let secondSeq = try #require(second.history.last?.seq)
        _ = try await administration.setBudgets([], ofTeam: "research", actor: "cli:three")

        let read = try await KeyDirectory.read(from: ledger)
        let team = try #require(read.team("research"))
        #expect(team.history.map(\.actor) == ["cli:one", "cli:two", "cli:three"])
        #expect(team.change(atSeq: firstSeq) == nil)
        #expect(team.change(atSeq: firstSeq + 1)?.budgets == monthly)
        #expect(team.change(atSeq: secondSeq + 1)?.budgets == both)
        #expect(team.budgets.isEmpty && read.teamBudgets("research").isEmpty)
        #expect(read.allTeams.map(\.name) == ["keys-only", "research"])
        #expect(read.team("keys-only")?.history.isEmpty == true)
        #expect(read.team("nobody") == nil)
        #expect(read.throughSeq == (try await ledger.lastSeq(ofRequest: KeyDirectory.requestID)))
        for (budgets, team) in [([Budget(usd: 1, period: .day), Budget(usd: 2, period: .day)], "research"),
                                ([Budget(usd: -1, period: .day)], "research"), (monthly, " "), (monthly, String(repeating: "t", count: 65))] {
            await #expect(throws: KeyAdministrationError.self, "\(budgets) \(team)") {
                try await administration.setBudgets(budgets, ofTeam: team, actor: "x")
            }
        }
        await ledger.close()
    }

    @Test func limitNotationReadsBudgetsAndExpiriesAndNamesWhatIsWrong() throws {
        #expect(LimitNotation.text(Budget(usd: 100, period: .month)) == "100/month")
        #expect(LimitNotation.text(Budget(usd: 12.5, period: .day)) == "12.5/day")
        #expect(LimitNotation.text(Budget(usd: 0.000001, period: .total)) == "0.000001/total")
        for budget in ["10/day", "2.5/month", "0.000001/total", "1234.5678/day"] {
            #expect(LimitNotation.text(try LimitNotation.budget(budget)) == budget)
        }
        #expect(try LimitNotation.budget("10/day") == Budget(usd: 10, period: .day))
        #expect(try LimitNotation.budget("2.5 / month") == Budget(usd: 2.5, period: .month))
        #expect(try LimitNotation.budget("1000") == Budget(usd: 1_000, period: .total))
        for bad in ["", "ten/day", "0/day", "-1/month", "5/week", "inf/day"] {
            #expect(throws: KeyAdministrationError.self, "\(bad)") { try LimitNotation.budget(bad) }
        }
        let now: Int64 = 1_800_000_000_000
        #expect(try LimitNotation.expiry("30d", now: now) == now + 30 * 86_400_000)
        #expect(try LimitNotation.expiry("12h", now: now) == now + 12 * 3_600_000)
        #expect(try LimitNotation.expiry("2027-01-31", now: now) == RecordTimestamp.parse("2027-01-31T00:00:00Z"))
        for bad in ["soon", "0d", "-3d", "d", "2027-13-01"] {
            #expect(throws: KeyAdministrationError.self, "\(bad)") { try LimitNotation.expiry(bad, now: now) }
        }
    }
}
