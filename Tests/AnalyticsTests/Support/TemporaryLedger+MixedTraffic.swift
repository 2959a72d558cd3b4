import Analytics
import DomainEvents

extension TemporaryLedger {
    /// A ledger of gateway traffic over about a day (interleaved, with failures and requests
    /// without a decision), routed traffic with API keys (`team-0`…`team-2`) and one failure in
    /// `failEvery`, and llm-compass records imported from a day before.
    static func withMixedTraffic(seed: UInt64, failEvery: Int = 7) async throws -> TemporaryLedger {
        let temporary = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: seed)
        traffic.generate(requests: 500, concurrency: 6)
        try await temporary.append(traffic.events)
        var routed = RoutedTraffic(config: .builtIn(defaultStrategy: "complexity"), seed: seed)
        routed.generate(120, failEvery: failEvery)
        try await temporary.append(routed.events)
        let imported = try LLMCompassSamples.generated(count: 80, seed: seed, start: 1_763_600_000_000).enumerated().map {
            try LLMCompassRecord.importedRecord(line: Array($1.utf8)[...], number: $0 + 1, occurrence: 1)
        }
        try await temporary.append(imported.flatMap(\.events))
        return temporary
    }

    /// A ledger holding the first half of `traffic`'s events; the rest, for a test to append
    /// while it reads.
    static func withFirstHalf(of traffic: InterleavedTraffic) async throws -> (ledger: TemporaryLedger, rest: [ScannedEvent]) {
        let ledger = try TemporaryLedger()
        let half = traffic.events.count / 2
        try await ledger.append(traffic.events.prefix(half))
        return (ledger, Array(traffic.events.dropFirst(half)))
    }
}
