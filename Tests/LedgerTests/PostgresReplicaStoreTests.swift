import Foundation
@testable import Ledger
import PostgresLedger
import PostgresTestSupport
import Testing
import TrafficFixtures

/// What only a shared store must guarantee: several processes (here, several stores on one
/// database, as replicas are) append to one chain with one gapless seq.
@Suite struct PostgresReplicaStoreTests {
    private func openReplica(_ url: String) async throws -> Ledger {
        try Ledger(store: try await PostgresEventStore.open(url: PostgresURL(url)), options: .testing())
    }

    @Test(.timeLimit(.minutes(2)))
    func threeReplicasAppendingAtOnceNeverForkTheChainNorLeaveAGap() async throws {
        try await TestDatabase.with { url in
            let replicas = [try await openReplica(url), try await openReplica(url), try await openReplica(url)]
            let receipts = try await withThrowingTaskGroup(of: [EventReceipt].self) { group in
                for (index, replica) in replicas.enumerated() {
                    for writer in 0..<3 {
                        group.addTask {
                            var generator = SyntheticTraffic(
                                seed: 900 + UInt64(index * 10 + writer), startMilliseconds: Fixtures.baseTimestamp)
                            var receipts: [EventReceipt] = []
                            for _ in 0..<40 { receipts += try await replica.append(generator.nextMixedRequest()) }
                            return receipts
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let total = Int64(receipts.count)
            #expect(receipts.map(\.seq).sorted() == Array(1...total))
            for replica in replicas {
                let head = try await replica.head()
                #expect(head?.seq == total)
                await #expect(try replica.verify() == .intact(count: total, head: head))
                // Every replica proves every event against the one tree.
                let proof = try await replica.inclusionProof(seq: total / 2)
                let treeHead = try await replica.treeHead()
                #expect(MerkleVerifier.verifyInclusion(
                    leafHash: MerkleHash.leaf(proof.eventHash), index: proof.seq - 1, size: proof.treeSize, path: proof.path,
                    root: treeHead.rootHash))
                await replica.close()
            }
        }
    }

    @Test func aFailedAppendTakesNoSeqAndARetriedOneIsNotWrittenTwice() async throws {
        try await TestDatabase.with { url in
            let ledger = try await openReplica(url)
            let first = try Fixtures.newEvents(Array(Fixtures.all.prefix(3))).map(ledger.prepare)
            let receipts = try await ledger.append(prepared: first)
            #expect(receipts.map(\.seq) == [1, 2, 3])

            // The same events again (a retry after a lost answer): their receipts, nothing written.
            #expect(try await ledger.append(prepared: first) == receipts)
            await #expect(try ledger.head()?.seq == 3)

            // An id already stored for another event fails the append, which takes no seq.
            var clash = try ledger.prepare(Fixtures.newEvents([Fixtures.all[4]])[0])
            clash.eventID = first[0].eventID
            let error = await #expect(throws: LedgerError.self) { try await ledger.append(prepared: [clash]) }
            #expect(error?.code == .invalidEvent)
            let next = try await ledger.append(Fixtures.newEvents([Fixtures.all[5]], startingAt: Fixtures.baseTimestamp + 99))
            #expect(next.map(\.seq) == [4])
            await #expect(try ledger.verify() == .intact(count: 4, head: try ledger.head()))
            await ledger.close()
        }
    }
}
