import Analytics
import DomainEvents
import Foundation
import Ledger
import SeededRandom
import Testing

/// The stats projection kept in its store beside a real ledger: catching up, restarting from a
/// checkpoint, and rebuilding give the same state, byte for byte.
@Suite struct StatsProjectorTests {
    private struct Fixture {
        let directory: URL
        var ledgerPath: String { directory.appendingPathComponent("ledger.sqlite").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("projector-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        func openLedger() throws -> Ledger {
            var options = LedgerOptions()
            options.autoTrainAfterEvents = 0
            return try Ledger(path: ledgerPath, options: options)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// Appends the generated events to `ledger`, a few at a time, in their order.
    private func append(_ events: ArraySlice<ScannedEvent>, to ledger: Ledger) async throws {
        let new = events.map { NewEvent(requestID: $0.stored.requestID, event: $0.event, timestamp: $0.stored.timestamp) }
        for start in stride(from: 0, to: new.count, by: 7) {
            _ = try await ledger.append(Array(new[start..<min(start + 7, new.count)]))
        }
    }

    private func savedState(_ store: ProjectionStore) throws -> ProjectionStore.Saved {
        try #require(try store.load(StatsProjection.name))
    }

    @Test func catchingUpGivesThePureFoldsReportAndSavesItsCheckpoint() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var traffic = InterleavedTraffic(seed: 21)
        traffic.generate(requests: 300, concurrency: 5)
        let ledger = try fixture.openLedger()
        try await append(traffic.events[...], to: ledger)

        let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
        let projector = try StatsProjector(ledger: ledger, store: store, saveEvery: 250)
        let report = try await projector.report()
        var pure = StatsProjection()
        for event in traffic.events { pure.apply(event) }
        #expect(report == StatsReport(pure.stats))
        #expect(try savedState(store).seq == Int64(traffic.events.count))
        await ledger.close()
    }

    /// A catch-up reads its page while the actor serves other calls, so catch-ups overlap; each
    /// event is still folded once: reports asked for while the ledger grows end equal to the pure fold.
    @Test func overlappingCatchUpsFoldEveryEventOnce() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var traffic = InterleavedTraffic(seed: 27)
        traffic.generate(requests: 400, concurrency: 5)
        let ledger = try fixture.openLedger()
        let events = traffic.events
        let half = events.count / 2
        try await append(events[..<half], to: ledger)
        let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
        let projector = try StatsProjector(ledger: ledger, store: store, saveEvery: 100)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.append(events[half...], to: ledger) }
            for _ in 0..<16 { group.addTask { _ = try await projector.report() } }
            try await group.waitForAll()
        }
        var pure = StatsProjection()
        for event in events { pure.apply(event) }
        #expect(try await projector.report() == StatsReport(pure.stats))
        #expect(try await projector.catchUp() == Int64(events.count))
        #expect(try store.requestCount() == pure.stats.totals.calls + pure.stats.totals.failures)
        await ledger.close()
    }

    @Test(arguments: [1, 333, 900])
    func aRestartResumesFromTheCheckpointAndEqualsARebuildByteForByte(cut: Int) async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var traffic = InterleavedTraffic(seed: 8)
        traffic.generate(requests: 400, concurrency: 9)
        let ledger = try fixture.openLedger()
        try await append(traffic.events.prefix(cut), to: ledger)

        // First process: catches up to the cut, saves, and goes away.
        do {
            let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
            let projector = try StatsProjector(ledger: ledger, store: store, saveEvery: 100)
            #expect(try await projector.catchUp() == Int64(cut))
        }
        try await append(traffic.events.dropFirst(cut), to: ledger)

        // Second process: resumes from the saved checkpoint.
        let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
        let resumed = try StatsProjector(ledger: ledger, store: store)
        #expect(await resumed.projection.seq == Int64(cut))
        try await resumed.catchUp()
        let incremental = try savedState(store)
        #expect(incremental.seq == Int64(traffic.events.count))
        let incrementalRows = try store.requests()
        #expect(incrementalRows.map(\.requestID) == traffic.completed.map(\.requestID))

        try await resumed.rebuild()
        #expect(try store.requests() == incrementalRows)
        let rebuilt = try savedState(store)
        #expect(rebuilt.seq == incremental.seq)
        #expect(rebuilt.state == incremental.state)
        #expect(try StatsProjection.decode(rebuilt.state).stats.totals.calls == traffic.completed.filter(\.succeeded).count)
        await ledger.close()
    }

    /// Appends each group atomically (an imported record's events, as the importer appends them),
    /// a few events to a transaction.
    private func append(_ groups: ArraySlice<[NewEvent]>, to ledger: Ledger) async throws {
        var pending: [NewEvent] = []
        for group in groups {
            pending += group
            if pending.count >= 7 {
                _ = try await ledger.append(pending)
                pending = []
            }
        }
        if !pending.isEmpty { _ = try await ledger.append(pending) }
    }

    @Test(arguments: [3, 17, 29] as [UInt64])
    func withImportsInterleavedARestartStillEqualsARebuildByteForByte(seed: UInt64) async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var traffic = InterleavedTraffic(seed: seed)
        traffic.generate(requests: 200, concurrency: 6)
        let imported = try LLMCompassSamples.generated(count: 60, seed: seed &+ 100).enumerated().map { index, line in
            try LLMCompassRecord.importedRecord(line: Array(line.utf8)[...], number: index + 1, occurrence: 1)
        }
        // Imported records land between the gateway's events at random points, with timestamps of
        // their own (older or newer than the traffic around them).
        var random = SeededGenerator(seed: seed)
        var groups = traffic.events.map { [NewEvent(requestID: $0.stored.requestID, event: $0.event, timestamp: $0.stored.timestamp)] }
        for record in imported { groups.insert(record.events, at: Int(random.next() % UInt64(groups.count + 1))) }
        let events = groups.flatMap { $0 }
        let completions = events.filter { [.completionSucceeded, .completionFailed].contains($0.body.type) }
        let cut = Int(random.next() % UInt64(groups.count))
        let ledger = try fixture.openLedger()
        try await append(groups.prefix(cut), to: ledger)

        // First process: catches up to the cut, saving along the way, and goes away.
        do {
            let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
            let projector = try StatsProjector(ledger: ledger, store: store, saveEvery: 50)
            #expect(try await projector.catchUp() == Int64(groups.prefix(cut).joined().count))
        }
        try await append(groups.dropFirst(cut), to: ledger)

        // Second process: resumes from the checkpoint.
        let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
        let resumed = try StatsProjector(ledger: ledger, store: store)
        try await resumed.catchUp()
        let incremental = try savedState(store)
        #expect(incremental.seq == Int64(events.count))
        let incrementalRows = try store.requests()
        #expect(incrementalRows.map(\.requestID) == completions.map(\.requestID))
        #expect(Set(incrementalRows.map(\.requestID)).isSuperset(of: imported.map(\.requestID)))

        try await resumed.rebuild()
        #expect(try store.requests() == incrementalRows)
        let rebuilt = try savedState(store)
        #expect(rebuilt.seq == incremental.seq)
        #expect(rebuilt.state == incremental.state)
        let stats = try StatsProjection.decode(rebuilt.state).stats
        #expect(stats.totals.calls == traffic.completed.filter(\.succeeded).count + imported.count)
        await ledger.close()
    }

    @Test func filtersByTimeAndModelEqualARecomputationOverThoseRequests() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var traffic = InterleavedTraffic(seed: 13)
        traffic.generate(requests: 400, concurrency: 4)
        let ledger = try fixture.openLedger()
        try await append(traffic.events[...], to: ledger)
        let projector = try StatsProjector(ledger: ledger, store: try ProjectionStore(ledgerPath: fixture.ledgerPath), saveEvery: 97)

        // When each request ended: the timestamp of its last event.
        var endedAt: [String: Int64] = [:]
        for event in traffic.events { endedAt[event.stored.requestID] = event.stored.timestamp }
        let times = traffic.events.map(\.stored.timestamp)
        let since = times[times.count / 4], until = times[times.count * 3 / 4]
        for model in [nil, "qwen-max"] as [String?] {
            let report = try await projector.report(StatsFilter(since: since, until: until, model: model))
            let inRange = traffic.completed.filter { truth in
                let at = endedAt[truth.requestID]!
                return at >= since && at < until && (model == nil || truth.model == model)
            }
            let succeeded = inRange.filter(\.succeeded)
            #expect(report.totalCalls == succeeded.count)
            #expect(report.totalCostUSD == DecimalRounding.round(succeeded.reduce(0.0) { $0 + $1.costUSD }, places: 6))
            #expect(report.outputTokens == succeeded.reduce(0) { $0 + $1.outputTokens })
            if model == nil { #expect(report.failedCalls == inRange.count - succeeded.count) }
            #expect(report.totalCalls > 0 && report.totalCalls < traffic.completed.filter(\.succeeded).count)
        }
        #expect(try projector.store.requestCount() == traffic.completed.count)
        await ledger.close()
    }

    @Test func aStateOfAnotherVersionIsIgnoredAndRefolded() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        var traffic = InterleavedTraffic(seed: 2)
        traffic.generate(requests: 50)
        let ledger = try fixture.openLedger()
        try await append(traffic.events[...], to: ledger)
        let store = try ProjectionStore(ledgerPath: fixture.ledgerPath)
        try store.save(StatsProjection.name, .init(seq: 10, version: StatsProjection.version + 1, state: Array("{}".utf8)))
        let projector = try StatsProjector(ledger: ledger, store: store)
        #expect(await projector.projection.seq == 0)
        #expect(try await projector.report().totalCalls == traffic.completed.filter(\.succeeded).count)
        await ledger.close()
    }
}
