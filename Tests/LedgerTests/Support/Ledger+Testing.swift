import Foundation
import Ledger
import Testing
import TrafficFixtures

extension LedgerOptions {
    /// Options for tests: no automatic dictionary training (tests train when they mean to).
    static func testing(
        readOnly: Bool = false, createIfMissing: Bool = true, maxBatchEvents: Int = 1_000, maxQueuedEvents: Int = 16_384
    ) -> LedgerOptions {
        LedgerOptions(
            store: StoreOptions(
                createIfMissing: createIfMissing, readOnly: readOnly, maxBatchEvents: maxBatchEvents,
                maxQueuedEvents: maxQueuedEvents),
            autoTrainAfterEvents: 0)
    }

    /// What `routeledger verify` opens with (see `LedgerLocation.open(readOnly:)`).
    static let verifyCommand = LedgerOptions.testing(readOnly: true, createIfMissing: false)
}

extension Ledger {
    /// Every stored event, ascending.
    func allEvents() async throws -> [StoredEvent] {
        try await events(after: 0, limit: Int.max)
    }

    /// The bytes of the current dictionary; fails the calling test when there is none.
    func requireCurrentDictionaryBytes() throws -> [UInt8] {
        guard let dictionary = currentDictionary else {
            throw TestFailure("the ledger has no current dictionary")
        }
        return dictionary.bytes
    }
}

/// A ledger of `count` synthetic events from `seed`, closed; returns its head.
@discardableResult
func makeClosedLedger(at path: String, events count: Int, seed: UInt64) async throws -> ChainHead? {
    let ledger = try Ledger(path: path, options: .testing())
    var generator = SyntheticTraffic(seed: seed, startMilliseconds: Fixtures.baseTimestamp)
    _ = try await ledger.append(generator.nextMixedEvents(count))
    let head = try await ledger.head()
    await ledger.close()
    return head
}

/// Dictionary bytes trained by ``Ledger/trainDictionary()`` on a scratch ledger of 150 synthetic events from `seed`.
func trainedDictionaryBytes(seed: UInt64) async throws -> [UInt8] {
    try await withTemporaryDirectory { directory in
        let ledger = try Ledger(path: directory.path("training.sqlite"), options: .testing())
        var generator = SyntheticTraffic(seed: seed, startMilliseconds: Fixtures.baseTimestamp)
        _ = try await ledger.append(generator.nextMixedEvents(150))
        let trained = try await ledger.trainDictionary()
        #expect(trained.sampleCount == 150)
        let bytes = try ledger.requireCurrentDictionaryBytes()
        await ledger.close()
        return bytes
    }
}

/// An error a test helper throws to fail the test with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
