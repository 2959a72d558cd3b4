import Foundation
import Ledger
import Testing
import TrafficFixtures

/// Many appenders at once still give one gapless chain, and readers only ever see committed prefixes of it.
@Suite struct ConcurrentAppendTests {
    @Test(.timeLimit(.minutes(5)), arguments: StoreBackend.all)
    func eightWritersGetGaplessSeqsWhileAReaderSeesOnlyChainedPrefixes(backend: StoreBackend) async throws {
        let writers = 8
        let perWriter = 1_000
        let total = Int64(writers * perWriter)
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            let written = (0..<writers).map { writer in
                Fixtures.newEvents(
                    (0..<perWriter).map { Fixtures.all[($0 + writer) % Fixtures.all.count] },
                    startingAt: Fixtures.baseTimestamp + Int64(writer) * 10_000)
            }

            let outcome = try await withThrowingTaskGroup(of: TaskOutcome.self) { group in
                for events in written {
                    group.addTask {
                        var receipts: [EventReceipt] = []
                        for event in events { receipts.append(try await ledger.append(event)) }
                        return .writer(receipts)
                    }
                }
                group.addTask { .reader(try await Self.follow(ledger, until: total)) }
                var receipts: [[EventReceipt]] = []
                var reader: ReaderReport?
                for try await result in group {
                    switch result {
                    case .writer(let batch): receipts.append(batch)
                    case .reader(let report): reader = report
                    }
                }
                return (receipts, try #require(reader))
            }

            let receipts = outcome.0.flatMap { $0 }
            #expect(receipts.map(\.seq).sorted() == Array(1...total))
            let writtenIDs = Set(written.map { $0.map(\.eventID) })
            for writerReceipts in outcome.0 {
                #expect(writerReceipts.map(\.seq) == writerReceipts.map(\.seq).sorted(), "one writer's appends are ordered")
                #expect(writtenIDs.contains(writerReceipts.map(\.eventID)), "each receipt is for the event its writer appended")
            }
            let stored = try await ledger.allEvents()
            #expect(stored.map(\.seq) == Array(1...total))
            let storedIDs = stored.map(\.eventID)
            #expect(Set(storedIDs).count == storedIDs.count)
            #expect(Set(storedIDs) == Set(written.flatMap { $0 }.map(\.eventID)))
            let receiptBySeq = Dictionary(uniqueKeysWithValues: receipts.map { ($0.seq, $0) })
            #expect(stored.allSatisfy { receiptBySeq[$0.seq]?.eventID == $0.eventID && receiptBySeq[$0.seq]?.hash == $0.hash })

            let head = try await ledger.head()
            #expect(head?.seq == total)
            #expect(outcome.1.lastHash == head?.hash)
            #expect(outcome.1.eventsSeen == total)
            await #expect(try ledger.verify() == .intact(count: total, head: head))
            await ledger.close()
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: StoreBackend.all)
    func appendsUnderTightBackPressureAllComplete(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing(maxBatchEvents: 4, maxQueuedEvents: 3))
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var generator = SyntheticTraffic(seed: 40 + UInt64(writer), startMilliseconds: Fixtures.baseTimestamp)
                        var appended = 0
                        for round in 0..<40 {
                            // Alternate single events with whole requests, some larger than the queue bound.
                            let events = round % 2 == 0 ? generator.nextMixedEvents(1) : generator.nextMixedRequest()
                            appended += try await ledger.append(events).count
                        }
                        return appended
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let total = Int64(counts.reduce(0, +))
            await #expect(try ledger.allEvents().map(\.seq) == Array(1...total))
            await #expect(try ledger.verify() == .intact(count: total, head: try ledger.head()))
            await ledger.close()
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: StoreBackend.all)
    func closingDuringAppendsLosesNoAcknowledgedEventAndWritesNoRefusedOne(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            let template = Fixtures.newEvents()
            let results = await withTaskGroup(of: [Result<EventReceipt, LedgerError>].self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var results: [Result<EventReceipt, LedgerError>] = []
                        for index in 0..<300 {
                            var event = template[(index + writer) % template.count]
                            event.eventID = UUID()
                            do {
                                results.append(.success(try await ledger.append(event)))
                            } catch let error as LedgerError {
                                results.append(.failure(error))
                            } catch {
                                Issue.record("unexpected error \(error)")
                            }
                        }
                        return results
                    }
                }
                group.addTask {
                    await Task.yield()
                    await ledger.close()
                    return []
                }
                return await group.reduce(into: []) { $0 += $1 }
            }

            let receipts = results.compactMap { try? $0.get() }
            let failures = results.compactMap { result -> LedgerError? in
                if case .failure(let error) = result { return error }
                return nil
            }
            #expect(receipts.count + failures.count == 1_200)
            #expect(failures.allSatisfy { $0.code == .closed })
            let reopened = try await place.ledger(.verifyCommand)
            let stored = try await reopened.allEvents()
            #expect(stored.map(\.seq) == Array(stride(from: 1, through: Int64(receipts.count), by: 1)))
            #expect(Set(stored.map(\.eventID)) == Set(receipts.map(\.eventID)))
            await #expect(try reopened.verify() == .intact(count: Int64(receipts.count), head: try reopened.head()))
            await reopened.close()
        }
    }

    // MARK: - The reader

    private enum TaskOutcome: Sendable {
        case writer([EventReceipt])
        case reader(ReaderReport)
    }

    private struct ReaderReport: Sendable {
        var eventsSeen: Int64
        var lastHash: [UInt8]
    }

    /// Follows the ledger from seq 1 until `total` events were seen, checking every page as it goes:
    /// consecutive seqs starting right after the cursor, each hash linking to its predecessor's,
    /// never past the head read just after the page, and a head that never moves back.
    /// Every fifth poll re-reads a window behind the cursor, which must agree with what was seen.
    private static func follow(_ ledger: Ledger, until total: Int64) async throws -> ReaderReport {
        var cursor: Int64 = 0
        var previousHash = HashChain.genesis
        var hashes: [Int64: [UInt8]] = [:]
        var lastHead: Int64 = 0
        var polls = 0
        while cursor < total {
            try Task.checkCancellation()
            polls += 1
            if polls % 5 == 0, cursor > 0 {
                let after = max(0, cursor - 40)
                let window = try await ledger.events(after: after, limit: 30)
                #expect(window.map(\.seq) == Array(after + 1..<after + 1 + Int64(window.count)))
                #expect(window.count >= min(30, Int(cursor - after)), "a window behind the cursor lost events")
                for event in window where event.seq <= cursor {
                    #expect(hashes[event.seq] == event.hash)
                }
            }
            let page = try await ledger.events(after: cursor, limit: 97)
            let head = try await ledger.head()?.seq ?? 0
            #expect(head >= lastHead, "head moved back from \(lastHead) to \(head)")
            lastHead = head
            #expect(page.map(\.seq) == Array(cursor + 1..<cursor + 1 + Int64(page.count)), "page after \(cursor) has a gap")
            if let last = page.last {
                #expect(last.seq <= head, "page reaches \(last.seq) beyond the head \(head)")
            }
            for event in page {
                let hash = HashChain.link(previous: previousHash, stored: event)
                #expect(hash == event.hash, "event \(event.seq) does not link to its predecessor")
                hashes[event.seq] = event.hash
                previousHash = event.hash
                cursor = event.seq
            }
            await Task.yield()
        }
        return ReaderReport(eventsSeen: cursor, lastHash: previousHash)
    }
}
