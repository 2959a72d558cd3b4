import Analytics
import DomainEvents
import Foundation
import Ledger
import Testing

/// The key directory folds `key.*` events: settings in force at any seq, the first revocation,
/// lookups by secret; the limit notation reads budgets and expiries or says what is wrong.
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

    @Test func limitNotationReadsBudgetsAndExpiriesAndNamesWhatIsWrong() throws {
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
