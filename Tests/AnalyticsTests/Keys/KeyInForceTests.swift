import Analytics
import DomainEvents
import Foundation
import Ledger
import Testing

/// A request's audit shows the key settings and team budgets the gateway had folded when it
/// accepted the key (`keys_seq`), not changes appended while the request ran; a request recorded
/// before `keys_seq` existed falls back to the key events before its `request.received`.
@Suite struct KeyInForceTests {
    @Test func theAuditShowsTheKeyEventsUpToTheRequestsKeysSeq() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("in-force-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let ledger = try Ledger(path: path)
        let administration = KeyAdministration(ledger: ledger)
        let issued = try await administration.create(KeySettings(team: "research"), actor: "cli:one")
        let createdSeq = issued.key.history[0].seq
        let team = try await administration.setBudgets([Budget(usd: 100, period: .month)], ofTeam: "research", actor: "cli:two")
        let teamSeq = try #require(team.history.last?.seq)
        let updated = try await administration.update(issued.key.keyID, actor: "cli:three") { $0.limits.requestsPerMinute = 5 }
        let updateSeq = updated.history[1].seq

        // Three requests, all recorded after every key event: accepted at the creation, accepted
        // after all of them, and one from before `keys_seq` was recorded.
        let cases: [(id: String, keysSeq: Int64?)] = [("early", createdSeq), ("late", updateSeq), ("schema-2", nil)]
        for (id, keysSeq) in cases {
            try await ledger.append(NewEvent(requestID: id, event: .requestReceived(RequestReceived(
                requestID: id, apiKeyID: issued.key.keyID, team: "research", keysSeq: keysSeq, messages: nil,
                estimatedPromptTokens: 3))))
        }
        let auditor = RequestAuditor(ledger: ledger)
        let early = try #require(try await auditor.audit("early") { _ in nil }?.key)
        #expect(early.change.seq == createdSeq)
        #expect(early.change.settings.limits.requestsPerMinute == nil)
        #expect(early.teamBudgets == nil)
        #expect(early.teamBudgetsSummary == "no team budget")
        for id in ["late", "schema-2"] {
            let late = try #require(try await auditor.audit(id) { _ in nil }?.key)
            #expect(late.change.seq == updateSeq)
            #expect(late.change.settings.limits.requestsPerMinute == 5)
            #expect(late.teamBudgets?.seq == teamSeq)
            #expect(late.teamBudgets?.budgets == [Budget(usd: 100, period: .month)])
        }
        await ledger.close()
    }
}
