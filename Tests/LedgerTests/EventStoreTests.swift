import DomainEvents
import Foundation
@testable import Ledger
import Testing
import TrafficFixtures

/// The `EventStore` contract, checked on every backend.
@Suite struct EventStoreTests {
    @Test(arguments: StoreBackend.all)
    func newStoreIsEmpty(backend: StoreBackend) async throws {
        try await withStore(backend) { store, _ async throws in
            await #expect(try store.head() == nil)
            await #expect(try store.records(after: 0, limit: 10).isEmpty)
            await #expect(try store.records(before: .max, limit: 10).isEmpty)
            await #expect(try store.records(requestID: Fixtures.requestID).isEmpty)
            await #expect(try store.dictionaries().isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func appendAssignsSeqsAfterTheHeadAndChainsHashes(backend: StoreBackend) async throws {
        try await withStore(backend) { store, preparer in
            let first = try Fixtures.newEvents(Array(Fixtures.all.prefix(3))).map(preparer.prepare)
            let second = try Fixtures.newEvents(Array(Fixtures.all.suffix(2)), startingAt: Fixtures.baseTimestamp + 50)
                .map(preparer.prepare)
            let receipts = try await store.append(first) + store.append(second)
            #expect(receipts.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(receipts.map(\.eventID) == (first + second).map(\.eventID))
            var previous = HashChain.genesis
            for (receipt, event) in zip(receipts, first + second) {
                let expected = HashChain.link(previous: previous, seq: receipt.seq, event: event)
                #expect(receipt.hash == expected)
                previous = expected
            }
            await #expect(try store.head() == ChainHead(seq: 5, hash: previous))
            #expect(try await store.append([]).isEmpty)
            await #expect(try store.head()?.seq == 5)
        }
    }

    @Test(arguments: StoreBackend.all)
    func recordsKeepEveryEnvelopeFieldAndTheFrameAsWritten(backend: StoreBackend) async throws {
        try await withStore(backend) { store, preparer in
            var events = Fixtures.newEvents()
            events[0].timestamp = -1_234 // before the epoch
            events[1].timestamp = Int64.max
            let prepared = try events.map(preparer.prepare)
            let receipts = try await store.append(prepared)
            let records = try await store.records(after: 0, limit: 100)
            try #require(records.count == prepared.count)
            for ((record, event), receipt) in zip(zip(records, prepared), receipts) {
                #expect(record.seq == receipt.seq)
                #expect(record.eventID == event.eventID)
                #expect(record.requestID == event.requestID)
                #expect(record.type == event.type.rawValue)
                #expect(record.schema == event.schema)
                #expect(record.timestamp == event.timestamp)
                #expect(record.dictionaryID == event.dictionaryID)
                #expect(record.frame == event.frame)
                #expect(record.hash == receipt.hash)
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func recordsPageAscendingAfterAndDescendingBefore(backend: StoreBackend) async throws {
        try await withStore(backend) { store, preparer in
            var generator = SyntheticTraffic(seed: 90, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await store.append(generator.nextMixedEvents(20).map(preparer.prepare))
            await #expect(try store.records(after: 5, limit: 4).map(\.seq) == [6, 7, 8, 9])
            await #expect(try store.records(after: 18, limit: 4).map(\.seq) == [19, 20])
            await #expect(try store.records(after: 20, limit: 4).isEmpty)
            await #expect(try store.records(after: 0, limit: 0).isEmpty)
            await #expect(try store.records(before: 6, limit: 3).map(\.seq) == [5, 4, 3])
            await #expect(try store.records(before: 3, limit: 10).map(\.seq) == [2, 1])
            await #expect(try store.records(before: .max, limit: 2).map(\.seq) == [20, 19])
            await #expect(try store.records(before: 1, limit: 10).isEmpty)
        }
    }

    /// Lowercase UUID request ids are stored compactly; every other id as text. Either way an id
    /// reads back exactly as written and matches only itself (an uppercase UUID is a different id).
    @Test(arguments: StoreBackend.all)
    func requestIDsReadBackExactlyAndMatchOnlyThemselves(backend: StoreBackend) async throws {
        let lower = "0190f5a2-7c1e-7b3a-9f42-5d6e8a1b2c3d"
        let ids = [
            lower, lower.uppercased(), "req-中文-🚀", "", "0190f5a2-7c1e-7b3a-9f42-5d6e8a1b2c3", "x'; DROP TABLE events; --",
            "0190f5a27c1e7b3a9f425d6e8a1b2c3d",
        ]
        try await withStore(backend) { store, preparer in
            let events = ids.enumerated().flatMap { index, id in
                (0..<2).map { copy in
                    NewEvent(requestID: id, event: Fixtures.all[(index + copy) % Fixtures.all.count],
                             timestamp: Fixtures.baseTimestamp + Int64(index * 2 + copy))
                }
            }
            _ = try await store.append(events.map(preparer.prepare))
            await #expect(try store.records(after: 0, limit: 100).map(\.requestID) == events.map(\.requestID))
            for id in ids {
                let records = try await store.records(requestID: id)
                #expect(records.count == 2, "request id \(id)")
                #expect(records.allSatisfy { $0.requestID == id }, "request id \(id)")
                #expect(records.map(\.seq) == records.map(\.seq).sorted())
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func requestIDWithAnEmbeddedNULReadsBackWhole(backend: StoreBackend) async throws {
        try await withStore(backend) { store, preparer in
            let events = [
                NewEvent(requestID: "tenant\u{0}42", event: Fixtures.feedbackRecordedBare),
                NewEvent(requestID: "tenant", event: Fixtures.feedbackRecordedBare),
            ]
            _ = try await store.append(events.map(preparer.prepare))
            await #expect(try store.records(after: 0, limit: 10).map(\.requestID) == ["tenant\u{0}42", "tenant"])
            await #expect(try store.records(requestID: "tenant\u{0}42").count == 1)
            await #expect(try store.records(requestID: "tenant").count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func dictionariesAreListedOldestFirstWithGrowingIDs(backend: StoreBackend) async throws {
        try await withStore(backend) { store, _ in
            let first = try await store.addDictionary([1, 2, 3], sampleCount: 100)
            let second = try await store.addDictionary([4, 5], sampleCount: 250)
            #expect(first > 0)
            #expect(second > first)
            let stored = try await store.dictionaries()
            #expect(stored.map(\.id) == [first, second])
            #expect(stored.map(\.bytes) == [[1, 2, 3], [4, 5]])
            #expect(stored.map(\.sampleCount) == [100, 250])
            #expect(stored[0].createdAt <= stored[1].createdAt)
        }
    }

    @Test(arguments: StoreBackend.all)
    func replacingFramesSkipsRowsWhoseDictionaryAlreadyChanged(backend: StoreBackend) async throws {
        try await withStore(backend) { store, preparer in
            let prepared = try Fixtures.newEvents(Array(Fixtures.all.prefix(3))).map(preparer.prepare)
            let receipts = try await store.append(prepared)
            let changed = try await store.replaceFrames([
                FrameReplacement(seq: 1, previousDictionaryID: 0, dictionaryID: 9, frame: [0xAA]),
                FrameReplacement(seq: 2, previousDictionaryID: 5, dictionaryID: 9, frame: [0xBB]),
                FrameReplacement(seq: 99, previousDictionaryID: 0, dictionaryID: 9, frame: [0xCC]),
            ])
            #expect(changed == 1)
            let records = try await store.records(after: 0, limit: 10)
            #expect(records.map(\.dictionaryID) == [9, 0, 0])
            #expect(records.map(\.frame) == [[0xAA], prepared[1].frame, prepared[2].frame])
            #expect(records.map(\.hash) == receipts.map(\.hash))
            #expect(records.map(\.timestamp) == prepared.map(\.timestamp))
        }
    }

    @Test(arguments: StoreBackend.all)
    func appendAfterCloseThrowsClosedAndKeepsEarlierEvents(backend: StoreBackend) async throws {
        try await withStore(backend) { store, preparer in
            let prepared = try Fixtures.newEvents().map(preparer.prepare)
            _ = try await store.append(prepared)
            await store.close()
            let error = await #expect(throws: LedgerError.self) { try await store.append(prepared) }
            expectLedgerError(error, .closed)
            let dictionaryError = await #expect(throws: LedgerError.self) { try await store.addDictionary([1], sampleCount: 1) }
            expectLedgerError(dictionaryError, .closed)
            await #expect(try store.head()?.seq == Int64(prepared.count))
        }
    }

    /// Runs `body` with a new store of `backend` and a ledger over it used only to prepare events
    /// (`PreparedEvent` has no public initializer); closes the store afterwards.
    private func withStore(
        _ backend: StoreBackend, _ body: (any EventStore, Ledger) async throws -> Void
    ) async throws {
        try await backend.withPlace { place in
            let store = try await place.open()
            let preparer = try Ledger(store: store, options: .testing())
            try await body(store, preparer)
            await store.close()
        }
    }
}
