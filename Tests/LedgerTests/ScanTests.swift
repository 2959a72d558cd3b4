import DomainEvents
import Foundation
import Ledger
import Testing
import TrafficFixtures

/// `scan` hands over every event after a seq, decoded, in seq order, however pages are decoded in parallel.
@Suite struct ScanTests {
    @Test(arguments: StoreBackend.all, [1, 7, 4_096])
    func scanYieldsEveryEventInOrderDecoded(backend: StoreBackend, pageSize: Int) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 110, startMilliseconds: Fixtures.baseTimestamp)
            let written = generator.nextMixedEvents(300)
            _ = try await ledger.append(written)
            var pages: [[ScannedEvent]] = []
            try await ledger.scan(pageSize: pageSize) { pages.append($0) }
            let scanned = pages.flatMap { $0 }
            #expect(scanned.map(\.stored.seq) == Array(1...300))
            #expect(scanned.map(\.event) == written.map(\.event))
            #expect(scanned.map(\.stored) == (try await ledger.allEvents()))
            #expect(pages.allSatisfy { !$0.isEmpty && $0.count <= pageSize })
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func scanStartsAfterTheGivenSeq(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            _ = try await ledger.append(Fixtures.newEvents())
            var seqs: [Int64] = []
            try await ledger.scan(after: 6, pageSize: 2) { seqs += $0.map(\.stored.seq) }
            #expect(seqs == Array(7...Int64(Fixtures.all.count)))
            var none: [ScannedEvent] = []
            try await ledger.scan(after: Int64(Fixtures.all.count)) { none += $0 }
            #expect(none.isEmpty)
            await ledger.close()
        }
    }

    @Test func scanStopsWithTheErrorOfADamagedEvent() async throws {
        try await withTemporaryDirectory { directory in
            try await makeClosedLedger(at: directory.path(), events: 40, seed: 111)
            try SQLiteFile(path: directory.path()).update(seq: 25, set: "payload", to: .blob([1, 2, 3]))
            let ledger = try Ledger(path: directory.path(), options: .verifyCommand)
            var seqs: [Int64] = []
            let error = await #expect(throws: LedgerError.self) {
                try await ledger.scan(pageSize: 10) { seqs += $0.map(\.stored.seq) }
            }
            expectLedgerError(error, .corruptFrame, mentioning: ["seq 25"])
            #expect(seqs == Array(seqs.indices).map { Int64($0 + 1) }, "pages before the damage were handed over in order")
            #expect(!seqs.contains(25))
            await ledger.close()
        }
    }
}
