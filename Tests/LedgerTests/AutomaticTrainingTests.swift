import Foundation
import Ledger
import Testing
import TrafficFixtures

/// The first dictionary is trained automatically once the ledger holds enough events.
@Suite struct AutomaticTrainingTests {
    @Test(arguments: StoreBackend.all) func firstDictionaryIsTrainedOnceTheThresholdIsReached(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            var options = LedgerOptions.testing()
            options.autoTrainAfterEvents = 400
            options.trainingSampleCount = 400
            let ledger = try await place.ledger(options)
            var generator = SyntheticTraffic(seed: 77, startMilliseconds: Fixtures.baseTimestamp)

            _ = try await ledger.append(generator.nextMixedEvents(399))
            await ledger.awaitAutomaticTraining()
            #expect(ledger.currentDictionary == nil, "no training below the threshold")

            _ = try await ledger.append(generator.nextMixedEvents(1))
            await ledger.awaitAutomaticTraining()
            let dictionary = try #require(ledger.currentDictionary, "training ran once 400 events existed")
            await #expect(try ledger.store.dictionaries().map(\.sampleCount) == [400])

            _ = try await ledger.append(generator.nextMixedEvents(5))
            let events = try await ledger.allEvents()
            #expect(events.prefix(400).allSatisfy { $0.dictionaryID == 0 }, "old frames keep no dictionary")
            #expect(events.suffix(5).allSatisfy { $0.dictionaryID == dictionary.id }, "new frames use the dictionary")
            await ledger.close()

            let reopened = try await place.ledger(.verifyCommand)
            await #expect(try reopened.verify() == .intact(count: 405, head: try reopened.head()))
            await reopened.close()
        }
    }

    @Test(arguments: StoreBackend.all)
    func trainingRunsOnlyOnce(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            var options = LedgerOptions.testing()
            options.autoTrainAfterEvents = 200
            let ledger = try await place.ledger(options)
            var generator = SyntheticTraffic(seed: 78, startMilliseconds: Fixtures.baseTimestamp)
            for _ in 0..<4 {
                _ = try await ledger.append(generator.nextMixedEvents(150))
                await ledger.awaitAutomaticTraining()
            }
            await #expect(try ledger.store.dictionaries().count == 1)
            await ledger.close()
        }
    }
}
