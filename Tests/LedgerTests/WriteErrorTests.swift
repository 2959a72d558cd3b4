import DomainEvents
import Foundation
import Ledger
import Testing
import TrafficFixtures

/// Writes the ledger cannot accept fail with a precise code and change nothing.
@Suite struct WriteErrorTests {
    @Test func appendingToALedgerOpenedReadOnlyThrowsReadOnly() async throws {
        try await withTemporaryDirectory { directory in
            let head = try await makeClosedLedger(at: directory.path(), events: 5, seed: 80)
            let ledger = try Ledger(path: directory.path(), options: .testing(readOnly: true))
            let error = await #expect(throws: LedgerError.self) { try await ledger.append(Fixtures.newEvents()) }
            expectLedgerError(error, .readOnly, mentioning: [directory.path()])
            await #expect(try ledger.head() == head)
            await ledger.close()
        }
    }

    @Test func installingADictionaryInALedgerOpenedReadOnlyThrowsReadOnly() async throws {
        let bytes = try await trainedDictionaryBytes(seed: 81)
        try await withTemporaryDirectory { directory in
            try await makeClosedLedger(at: directory.path(), events: 5, seed: 82)
            let ledger = try Ledger(path: directory.path(), options: .testing(readOnly: true))
            let error = await #expect(throws: LedgerError.self) { try await ledger.installDictionary(bytes, sampleCount: 150) }
            expectLedgerError(error, .readOnly)
            await #expect(try ledger.store.dictionaries().isEmpty)
            await ledger.close()
        }
    }

    @Test func appendingAfterCloseThrowsClosedAndWritesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            _ = try await ledger.append(Fixtures.newEvents())
            await ledger.close()
            let error = await #expect(throws: LedgerError.self) { try await ledger.append(Fixtures.newEvents()) }
            expectLedgerError(error, .closed)
            await #expect(try ledger.head()?.seq == Int64(Fixtures.all.count))
        }
    }

    @Test func installingADictionaryAfterCloseThrowsClosed() async throws {
        let bytes = try await trainedDictionaryBytes(seed: 83)
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            await ledger.close()
            let error = await #expect(throws: LedgerError.self) { try await ledger.installDictionary(bytes, sampleCount: 1) }
            expectLedgerError(error, .closed)
        }
    }

    @Test func trainingOnFewerThanAHundredEventsThrowsTrainingAndInstallsNothing() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            var generator = SyntheticTraffic(seed: 84, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await ledger.append(generator.nextMixedEvents(99))
            let error = await #expect(throws: LedgerError.self) { try await ledger.trainDictionary() }
            expectLedgerError(error, .training, mentioning: ["100", "99"])
            #expect(ledger.currentDictionary == nil)
            await #expect(try ledger.store.dictionaries().isEmpty)
            await ledger.close()
        }
    }

    @Test func recompressingWithoutADictionaryThrowsTraining() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            _ = try await ledger.append(Fixtures.newEvents())
            let error = await #expect(throws: LedgerError.self) { try await ledger.recompress() }
            expectLedgerError(error, .training)
            await #expect(try ledger.allEvents().allSatisfy { $0.dictionaryID == 0 })
            await ledger.close()
        }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumberInAPayloadThrowsInvalidEvent(value: Double) async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            let event = LedgerEvent.upstreamFailed(UpstreamFailed(
                provider: "p", model: "m", attempt: 1, errorClass: "timeout", status: nil, latencyMilliseconds: value))
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.append(NewEvent(requestID: "r", event: event))
            }
            expectLedgerError(error, .invalidEvent)
            await #expect(try ledger.head() == nil)
            await ledger.close()
        }
    }

    @Test func damagedDictionaryIsRefusedBeforeItIsStored() async throws {
        var bytes = try await trainedDictionaryBytes(seed: 85)
        bytes.removeLast(bytes.count - 16)
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            let error = await #expect(throws: LedgerError.self) { try await ledger.installDictionary(bytes, sampleCount: 150) }
            expectLedgerError(error, .training)
            #expect(error?.message == "the dictionary is damaged and cannot be loaded by zstd")
            await #expect(try ledger.store.dictionaries().isEmpty)
            #expect(ledger.currentDictionary == nil)
            await ledger.close()
        }
    }

    @Test func bytesWithoutADictionaryHeaderAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            let plain = Array(String(repeating: "not a dictionary ", count: 100).utf8)
            let error = await #expect(throws: LedgerError.self) { try await ledger.installDictionary(plain, sampleCount: 1) }
            expectLedgerError(error, .training)
            #expect(error?.message.contains("not a trained zstd dictionary") == true)
            await #expect(try ledger.store.dictionaries().isEmpty)
            await ledger.close()
        }
    }
}
