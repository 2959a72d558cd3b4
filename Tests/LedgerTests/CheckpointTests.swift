import Foundation
import Ledger
import Testing
import TrafficFixtures

/// The write-ahead log is folded back into the database while appends go on, so it stays small.
@Suite struct CheckpointTests {
    /// Bytes of one WAL frame: a 24-byte header and a 16 KiB page.
    static let frameBytes = 24 + 16_384

    @Test func writeAheadLogStaysNearItsThresholdUnderSustainedAppends() async throws {
        try await withTemporaryDirectory { directory in
            var options = LedgerOptions.testing()
            options.store.checkpointPages = 64
            let ledger = try Ledger(path: directory.path(), options: options)
            var generator = SyntheticTraffic(seed: 61, startMilliseconds: Fixtures.baseTimestamp)
            // About 40 times the threshold in pages, appended by concurrent writers.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    let events = generator.nextMixedEvents(2_000)
                    group.addTask {
                        for start in stride(from: 0, to: events.count, by: 4) {
                            _ = try await ledger.append(Array(events[start..<start + 4]))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let walBytes = try FileManager.default.attributesOfItem(atPath: directory.path() + "-wal")[.size] as? Int ?? 0
            let databaseBytes = try FileManager.default.attributesOfItem(atPath: directory.path())[.size] as? Int ?? 0
            // With working checkpoints the log restarts once it passes 64 pages; without them it
            // would hold every page each commit wrote (thousands).
            #expect(walBytes <= 2 * 64 * Self.frameBytes, "WAL is \(walBytes / Self.frameBytes) pages")
            #expect(databaseBytes > 2 * walBytes, "the events reached the database file")
            await #expect(try ledger.verify() == .intact(count: 8_000, head: try ledger.head()))
            await ledger.close()
        }
    }
}
