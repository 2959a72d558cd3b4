import DomainEvents
import Foundation
import Ledger
import Testing
import TrafficFixtures

/// Training a dictionary and recompressing old frames changes how events are stored, never what they are.
@Suite struct RecompressTests {
    @Test(arguments: StoreBackend.all) func recompressingWithATrainedDictionaryKeepsSeqTimestampHashAndChain(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 30, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await ledger.append(generator.nextMixedEvents(150))
            let before = try await ledger.allEvents()
            let framesBefore = try await ledger.store.records(after: 0, limit: .max).map(\.frame)
            let headBefore = try await #require(try ledger.head())
            #expect(before.allSatisfy { $0.dictionaryID == 0 })

            let trained = try await ledger.trainDictionary()
            #expect(trained.sampleCount == 150)
            #expect(trained.size > 0 && trained.size <= LedgerOptions().dictionaryCapacity)
            var progress: [Int64] = []
            let changed = try await ledger.recompress(batchSize: 64) { progress.append($0) }
            #expect(changed == 150)
            #expect(progress == [64, 128, 150])

            let after = try await ledger.allEvents()
            let framesAfter = try await ledger.store.records(after: 0, limit: .max).map(\.frame)
            #expect(after.map(\.seq) == before.map(\.seq))
            #expect(after.map(\.timestamp) == before.map(\.timestamp))
            #expect(after.map(\.hash) == before.map(\.hash))
            #expect(after.map(\.eventID) == before.map(\.eventID))
            #expect(after.map(\.payload) == before.map(\.payload))
            #expect(after.allSatisfy { $0.dictionaryID == trained.id })
            #expect(zip(framesBefore, framesAfter).allSatisfy { $0 != $1 })
            #expect(framesAfter.map(\.count).reduce(0, +) < framesBefore.map(\.count).reduce(0, +))
            await #expect(try ledger.head() == headBefore)
            await #expect(try ledger.verify() == .intact(count: 150, head: headBefore))
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func recompressingTwiceChangesNothingTheSecondTime(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 31, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await ledger.append(generator.nextMixedEvents(120))
            try await ledger.trainDictionary()
            #expect(try await ledger.recompress() == 120)
            let frames = try await ledger.store.records(after: 0, limit: .max).map(\.frame)
            #expect(try await ledger.recompress() == 0)
            await #expect(try ledger.store.records(after: 0, limit: .max).map(\.frame) == frames)
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func recompressingMovesFramesOfAnOlderDictionaryToTheNewest(backend: StoreBackend) async throws {
        let older = try await trainedDictionaryBytes(seed: 32)
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 33, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await ledger.append(generator.nextMixedEvents(40))
            let first = try await ledger.installDictionary(older, sampleCount: 150)
            _ = try await ledger.append(generator.nextMixedEvents(80))
            let second = try await ledger.trainDictionary()
            #expect(second.id > first.id)
            let head = try await ledger.head()

            #expect(try await ledger.recompress() == 120)
            let events = try await ledger.allEvents()
            #expect(events.allSatisfy { $0.dictionaryID == second.id })
            await #expect(try ledger.verify() == .intact(count: 120, head: head))
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func recompressWhileAppendingKeepsEveryEventAndTheChain(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 34, startMilliseconds: Fixtures.baseTimestamp)
            let initial = generator.nextMixedEvents(200)
            _ = try await ledger.append(initial)
            let trained = try await ledger.trainDictionary()
            let more = (0..<4).map { _ in generator.nextMixedEvents(150) }

            let changed = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await ledger.recompress(batchSize: 25) }
                for batch in more {
                    group.addTask {
                        for event in batch { try await ledger.append(event) }
                        return 0
                    }
                }
                return try await group.reduce(0, +)
            }

            #expect(changed == 200)
            let stored = try await ledger.allEvents()
            #expect(stored.count == 800)
            #expect(stored.allSatisfy { $0.dictionaryID == trained.id })
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.eventID, $0) })
            for event in initial + more.flatMap({ $0 }) {
                #expect(try byID[event.eventID]?.decoded() == event.event)
            }
            await #expect(try ledger.verify() == .intact(count: 800, head: try ledger.head()))
            await ledger.close()
        }
    }
}
