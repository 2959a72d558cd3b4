import DomainEvents
import Foundation
import Ledger
import Testing
import TrafficFixtures

/// A batch is appended as one unit: consecutive seqs, in the order given, all or nothing.
@Suite struct BatchAppendTests {
    @Test(arguments: StoreBackend.all) func batchReceiptsAreConsecutiveAndInTheOrderGiven(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            _ = try await ledger.append(Fixtures.newEvents(Array(Fixtures.all.prefix(3))))
            let batch = Fixtures.newEvents()
            let receipts = try await ledger.append(batch)
            #expect(receipts.map(\.seq) == Array(4...Int64(3 + batch.count)))
            #expect(receipts.map(\.eventID) == batch.map(\.eventID))
            await #expect(try ledger.events(after: 3, limit: 100).map(\.eventID) == batch.map(\.eventID))
            await ledger.close()
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: StoreBackend.all)
    func concurrentBatchesNeverInterleaveEvenWhenLargerThanAGroup(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            // Groups hold at most 7 events, so batches of 25 must still commit whole and alone.
            let ledger = try await place.ledger(.testing(maxBatchEvents: 7))
            let batches = try await withThrowingTaskGroup(of: [([NewEvent], [EventReceipt])].self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        var generator = SyntheticTraffic(seed: 50 + UInt64(writer), startMilliseconds: Fixtures.baseTimestamp)
                        var done: [([NewEvent], [EventReceipt])] = []
                        for round in 0..<30 {
                            let batch = generator.nextMixedEvents([1, 3, 5, 25][round % 4])
                            done.append((batch, try await ledger.append(batch)))
                        }
                        return done
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            let stored = try await ledger.allEvents()
            #expect(stored.map(\.seq) == Array(1...Int64(stored.count)))
            #expect(stored.count == batches.map(\.0.count).reduce(0, +))
            for (batch, receipts) in batches {
                let first = try #require(receipts.first).seq
                #expect(receipts.map(\.seq) == Array(first..<first + Int64(batch.count)))
                #expect(receipts.map(\.eventID) == batch.map(\.eventID))
                let slice = stored[Int(first - 1)..<Int(first - 1) + batch.count]
                #expect(slice.map(\.eventID) == batch.map(\.eventID))
            }
            await #expect(try ledger.verify() == .intact(count: Int64(stored.count), head: try ledger.head()))
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func aBatchWithAnUnencodableEventWritesNoneOfIt(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            _ = try await ledger.append(Fixtures.newEvents(Array(Fixtures.all.prefix(2))))
            let headBefore = try await ledger.head()
            let unencodable = LedgerEvent.feedbackRecorded(FeedbackRecorded(
                requestID: "r", score: .nan, label: nil, comment: nil))
            let batch = Fixtures.newEvents([Fixtures.routingDecided, unencodable, Fixtures.completionFailed])
            let error = await #expect(throws: LedgerError.self) { try await ledger.append(batch) }
            #expect(error?.code == .invalidEvent)
            await #expect(try ledger.head() == headBefore)
            await #expect(try ledger.allEvents().count == 2)
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func anEmptyBatchWritesNothing(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            #expect(try await ledger.append([]).isEmpty)
            await #expect(try ledger.head() == nil)
            await ledger.close()
        }
    }
}
