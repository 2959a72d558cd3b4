import Foundation
import Ledger
import Testing
import TrafficFixtures

/// The first dictionary is trained automatically once the ledger holds enough events.
@Suite struct AutomaticTrainingTests {
    @Test func firstDictionaryIsTrainedOnceTheThresholdIsReached() async throws {
        try await withTemporaryDirectory { directory in
            var options = LedgerOptions.testing()
            options.autoTrainAfterEvents = 400
            options.trainingSampleCount = 400
            let ledger = try Ledger(path: directory.path(), options: options)
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

            let reopened = try Ledger(path: directory.path(), options: .verifyCommand)
            await #expect(try reopened.verify() == .intact(count: 405, head: try reopened.head()))
            await reopened.close()
        }
    }

    @Test func trainingRunsOnlyOnce() async throws {
        try await withTemporaryDirectory { directory in
            var options = LedgerOptions.testing()
            options.autoTrainAfterEvents = 200
            let ledger = try Ledger(path: directory.path(), options: options)
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
