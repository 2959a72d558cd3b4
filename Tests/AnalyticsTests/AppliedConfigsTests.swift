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
}
