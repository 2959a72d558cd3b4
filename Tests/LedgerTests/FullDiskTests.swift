import Foundation
import Ledger
import Testing
import TrafficFixtures

/// When the ledger cannot grow (a full disk, or its size limit), appends fail cleanly and whole.
@Suite struct FullDiskTests {
    @Test func appendsPastTheSizeLimitFailAsDiskFullAndWriteNothing() async throws {
        try await withTemporaryDirectory { directory in
            var options = LedgerOptions.testing()
            options.store.maxSizeBytes = 256 * 1_024
            let ledger = try Ledger(path: directory.path(), options: options)
            var generator = SyntheticTraffic(seed: 95, startMilliseconds: Fixtures.baseTimestamp)
            var acknowledged: Int64 = 0
            var failure: LedgerError?
            while failure == nil, acknowledged < 100_000 {
                do {
                    acknowledged = try await ledger.append(generator.nextMixedEvents(50)).last?.seq ?? acknowledged
                } catch let error as LedgerError {
                    failure = error
                }
            }
            let error = try #require(failure, "a 256 KiB ledger filled up")
            // About 250 bytes per event in 16 pages of 16 KiB, of which each table and index of the
            // schema (the Merkle tree's nodes among them) takes at least one: several hundred events.
            #expect(acknowledged >= 300, "about 250 bytes per event: a 256 KiB ledger holds several hundred")
            expectLedgerError(error, .diskFull)
            #expect(error.message.contains("full"))
            // Nothing of the failed batch was written: the head is the last acknowledged event.
            await #expect(try ledger.head()?.seq == acknowledged)
            #expect(acknowledged % 50 == 0)
            // The ledger stays readable and consistent, and refuses further appends the same way.
            await #expect(try ledger.verify() == .intact(count: acknowledged, head: try ledger.head()))
            await #expect(throws: LedgerError.self) { try await ledger.append(generator.nextMixedEvents(50)) }
            await #expect(try ledger.head()?.seq == acknowledged)
            await ledger.close()
            // Closed, the file alone holds the ledger: the limit is its size, whatever the page size.
            let fileBytes = try FileManager.default.attributesOfItem(atPath: directory.path())[.size] as? Int ?? 0
            #expect(fileBytes <= 256 * 1_024)
            #expect(fileBytes > 128 * 1_024)

            // Reopened without the limit, it accepts appends again, continuing the chain.
            let reopened = try Ledger(path: directory.path(), options: .testing())
            let receipt = try await reopened.append(generator.nextMixedEvents(1)[0])
            #expect(receipt.seq == acknowledged + 1)
            await #expect(try reopened.verify() == .intact(count: acknowledged + 1, head: try reopened.head()))
            await reopened.close()
        }
    }
}
