import Analytics
import DomainEvents
import Ledger
import Router
import Testing

/// The configuration history: every `config.applied` event saved with the projection's rows,
/// listed newest first and paged by seq, the same after a restart from a checkpoint and after a
/// rebuild.
@Suite struct AppliedConfigsTests {
    @Test func theHistoryIsNewestFirstPagedBySeqAndSurvivesARestartAndARebuild() async throws {
        let temporary = try TemporaryLedger()
        let configs: [(config: RouteledgerConfig, source: String)] = [
            (.builtIn(defaultStrategy: "complexity"), "built-in"), (.builtIn(defaultStrategy: "latency"), "/etc/a.yaml"),
            (.builtIn(defaultStrategy: "complexity"), "reload"), (.builtIn(defaultStrategy: "token-length"), "/etc/b.yaml"),
            (.builtIn(defaultStrategy: "latency"), "/etc/a.yaml"),
        ]
        var expected: [AppliedConfigEntry] = []
        var traffic = InterleavedTraffic(seed: 2)
        traffic.generate(requests: 100, concurrency: 3)
        let slice = traffic.events.count / configs.count
        for (index, (config, source)) in configs.enumerated() {
            let at = 1_763_000_000_000 + Int64(index) * 60_000
            let seq = try await temporary.ledger.append([NewEvent(
                requestID: "config", event: .configApplied(ConfigApplied(config, source: source)!), timestamp: at)])[0].seq
            expected.insert(AppliedConfigEntry(seq: seq, timestamp: at, configHash: config.configHash, source: source), at: 0)
            // Traffic between reloads, so the history straddles saves.
            try await temporary.append(traffic.events[index * slice..<(index + 1) * slice])
        }
        #expect(Set(expected.map(\.configHash)).count == 3)

        let projector = try temporary.projector(saveEvery: 40)
        #expect(try await projector.appliedConfigs(before: nil, limit: 10) == expected)
        #expect(try await projector.appliedConfigCount() == 5)
        var paged: [AppliedConfigEntry] = []
        var before: Int64?
        while true {
            let page = try await projector.appliedConfigs(before: before, limit: 2)
            paged += page
            guard page.count == 2 else { break }
            before = page.last!.seq
        }
        #expect(paged == expected)
        #expect(try await projector.appliedConfigs(before: expected[1].seq, limit: 1) == [expected[2]])
        #expect(try await projector.appliedConfigs(before: nil, limit: 0).isEmpty)

        // A restart reads them from the store; a later reload is added by catching up.
        let restarted = try temporary.projector(saveEvery: 40)
        #expect(try await restarted.appliedConfigs(before: nil, limit: 10) == expected)
        let later = try await temporary.ledger.append([NewEvent(
            requestID: "config", event: .configApplied(ConfigApplied(.builtIn, source: "built-in")!), timestamp: 1_763_900_000_000)])
        let newest = AppliedConfigEntry(
            seq: later[0].seq, timestamp: 1_763_900_000_000, configHash: RouteledgerConfig.builtIn.configHash, source: "built-in")
        #expect(try await restarted.appliedConfigs(before: nil, limit: 10) == [newest] + expected)
        try await restarted.rebuild()
        #expect(try await restarted.appliedConfigs(before: nil, limit: 10) == [newest] + expected)
        #expect(try await restarted.appliedConfigCount() == 6)
        await temporary.close()
    }
    /// What `explain` reads instead of opening a projector: the saved checkpoint's list plus the
    /// events after it, equal to the caught-up projection's list whatever has been saved.
    @Test func theConfigSeqsComeFromTheSavedCheckpointAndTheEventsAfterIt() async throws {
        let temporary = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: 5)
        traffic.generate(requests: 60, concurrency: 3)
        let half = traffic.events.count / 2
        func apply(_ config: RouteledgerConfig, _ source: String) async throws -> Int64 {
            try await temporary.ledger.append([NewEvent(
                requestID: "config", event: .configApplied(ConfigApplied(config, source: source)!))])[0].seq
        }
        let store = { try ProjectionStore(ledgerPath: temporary.path) }
        let complexity = try await apply(.builtIn(defaultStrategy: "complexity"), "built-in")
        try await temporary.append(traffic.events[..<half])
        let latency = try await apply(.builtIn(defaultStrategy: "latency"), "/etc/a.yaml")

        // Nothing saved yet: every event is read.
        #expect(try AppliedConfigSeqs.saved(in: store()) == nil)
        let expectedBefore = [
            RouteledgerConfig.builtIn(defaultStrategy: "complexity").configHash: complexity,
            RouteledgerConfig.builtIn(defaultStrategy: "latency").configHash: latency,
        ]
        #expect(try await AppliedConfigSeqs.read(ledger: temporary.ledger, projections: store()) == expectedBefore)

        // Saved through `latency`; then a repeat of the first hash (its first seq stays) and a new one.
        let projector = try temporary.projector()
        try await projector.catchUp()
        let saved = try #require(try AppliedConfigSeqs.saved(in: store()))
        #expect(saved.seq == latency && saved.configs == expectedBefore)
        try await temporary.append(traffic.events[half...])
        _ = try await apply(.builtIn(defaultStrategy: "complexity"), "reload")
        let tokenLength = try await apply(.builtIn(defaultStrategy: "token-length"), "/etc/b.yaml")
        var expected = expectedBefore
        expected[RouteledgerConfig.builtIn(defaultStrategy: "token-length").configHash] = tokenLength
        #expect(try await AppliedConfigSeqs.read(ledger: temporary.ledger, projections: store()) == expected)
        try await projector.catchUp()
        #expect(await projector.configSeqs() == expected)
        await temporary.close()
    }
}
