import Analytics
import DomainEvents
import Foundation
import Ledger
import Testing

/// The stats fold (request assembly + accumulator) against an independent recomputation from the
/// generator's own record of each request, and its state surviving a checkpoint mid-stream.
@Suite struct StatsProjectionTests {
    private func fold(_ events: some Sequence<ScannedEvent>, into state: inout (RequestAssembler, StatsAccumulator)) {
        for event in events {
            if let request = state.0.apply(event) { state.1.add(request) }
        }
    }

    private func stats(of traffic: InterleavedTraffic) -> (RequestAssembler, StatsAccumulator) {
        var state = (RequestAssembler(), StatsAccumulator())
        fold(traffic.events, into: &state)
        return state
    }

    @Test(arguments: [1, 7, 42])
    func reportEqualsAnIndependentRecomputation(seed: UInt64) {
        var traffic = InterleavedTraffic(seed: seed)
        traffic.generate(requests: 600, concurrency: 6)
        let (assembler, accumulator) = stats(of: traffic)
        #expect(assembler.openCount == 0)
        let report = StatsReport(accumulator)

        // Recomputed from the generator's truths, in completion order (the order sums are taken).
        let succeeded = traffic.completed.filter(\.succeeded)
        let cost = succeeded.reduce(0.0) { $0 + $1.costUSD }
        let latency = succeeded.reduce(0.0) { $0 + $1.latencyMilliseconds }
        let routing = succeeded.reduce(0.0) { $0 + Double($1.routingMicroseconds ?? 0) / 1_000 }
        func distribution(_ key: KeyPath<InterleavedTraffic.Truth, String?>) -> [String: Int] {
            succeeded.compactMap { $0[keyPath: key] }.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }
        #expect(report.totalCalls == succeeded.count)
        #expect(report.failedCalls == traffic.completed.count - succeeded.count)
        #expect(report.totalCostUSD == DecimalRounding.round(cost, places: 6))
        #expect(report.averageLatencyMilliseconds == DecimalRounding.round(latency / Double(succeeded.count), places: 2))
        #expect(report.averageRoutingMilliseconds == DecimalRounding.round(routing / Double(succeeded.count), places: 2))
        #expect(report.modelDistribution == distribution(\.model))
        #expect(report.tierDistribution == distribution(\.tier))
        #expect(report.taskTypeDistribution == distribution(\.taskType))
        #expect(report.inputTokens == succeeded.reduce(0) { $0 + $1.inputTokens })
        #expect(report.outputTokens == succeeded.reduce(0) { $0 + $1.outputTokens })
        #expect(report.successRate == DecimalRounding.round(Double(succeeded.count) / Double(traffic.completed.count), places: 4))
        #expect(report.throughSeq == traffic.events.last?.stored.seq)

        // Percentiles within the histogram's 1 % of the exact nearest-rank values.
        let sorted = succeeded.map(\.latencyMilliseconds).sorted()
        for (percentile, reported) in [(50.0, report.latencyPercentiles.p50), (99.0, report.latencyPercentiles.p99)] {
            let exact = sorted[Int((percentile / 100 * Double(sorted.count)).rounded(.up)) - 1]
            #expect(abs(reported - exact) <= exact * 0.01 + 0.01, "p\(percentile): \(reported) vs \(exact)")
        }
        #expect(report.latencyPercentilesByModel.mapValues(\.count) == distribution(\.model))
    }

    @Test func tiersAndTaskTypesLeaveOutRequestsWithoutThemButTotalsCountThem() {
        var traffic = InterleavedTraffic(seed: 3)
        traffic.generate(requests: 300)
        let report = StatsReport(stats(of: traffic).1)
        let untiered = traffic.completed.filter { $0.succeeded && $0.tier == nil }.count
        #expect(untiered > 0)
        #expect(report.tierDistribution.values.reduce(0, +) == report.totalCalls - untiered)
        #expect(report.modelDistribution.values.reduce(0, +) == report.totalCalls)
    }

    @Test(arguments: [1, 100, 733, 1_500])
    func stateSavedMidStreamAndFoldedOnEqualsOneFold(cut: Int) throws {
        var traffic = InterleavedTraffic(seed: 11)
        traffic.generate(requests: 400, concurrency: 8)
        let whole = stats(of: traffic)

        var first = (RequestAssembler(), StatsAccumulator())
        fold(traffic.events.prefix(cut), into: &first)
        // The checkpoint: state encoded, then decoded by a fresh process.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let saved = try encoder.encode(Checkpoint(assembler: first.0, stats: first.1))
        let restored = try JSONDecoder().decode(Checkpoint.self, from: saved)
        var resumed = (restored.assembler, restored.stats)
        fold(traffic.events.dropFirst(cut), into: &resumed)

        #expect(resumed.0 == whole.0)
        #expect(resumed.1 == whole.1)
        let resumedBytes = try encoder.encode(Checkpoint(assembler: resumed.0, stats: resumed.1))
        let wholeBytes = try encoder.encode(Checkpoint(assembler: whole.0, stats: whole.1))
        #expect(resumedBytes == wholeBytes)
    }

    private struct Checkpoint: Codable {
        var assembler: RequestAssembler
        var stats: StatsAccumulator
    }

    @Test(arguments: [
        (2.675, 2, 2.67),  // 2.675 is 2.67499999… in binary, as Python rounds it
        (0.125, 2, 0.12),  // an exact tie goes to even
        (0.375, 2, 0.38),
        (1.0000005, 6, 1.000001),
        (0.0000004, 6, 0.0),
        (123.456789, 2, 123.46),
    ])
    func roundingIsPythons(value: Double, places: Int, expected: Double) {
        #expect(DecimalRounding.round(value, places: places) == expected)
    }

    @Test func hourlyAndDailyBucketsPartitionTheTotals() {
        var traffic = InterleavedTraffic(seed: 5)
        traffic.generate(requests: 500)
        let stats = stats(of: traffic).1
        for buckets in [stats.hourly, stats.daily] {
            let sorted = buckets.sorted
            #expect(sorted.count > 1)
            #expect(sorted.allSatisfy { $0.start % buckets.seconds == 0 })
            #expect(sorted.reduce(0) { $0 + $1.totals.calls } == stats.totals.calls)
            #expect(sorted.reduce(0) { $0 + $1.totals.failures } == stats.totals.failures)
            #expect(sorted.reduce(0) { $0 + $1.totals.outputTokens } == stats.totals.outputTokens)
        }
        // Each request lands in the hour of its last event.
        let last = traffic.events.last!.stored.timestamp / 1_000
        #expect(stats.hourly.sorted.last?.start == last - last % 3_600)
    }

    @Test func anEmptyLedgerReportsZeros() {
        let report = StatsReport(StatsAccumulator())
        #expect(report.totalCalls == 0 && report.totalCostUSD == 0 && report.averageLatencyMilliseconds == 0)
        #expect(report.successRate == 0 && report.latencyPercentiles.p99 == 0)
        #expect(report.modelDistribution.isEmpty)
    }
}

/// `since`/`until` as ISO-8601 or epoch seconds; bad values name the parameter.
@Suite struct StatsFilterTests {
    @Test(arguments: [
        ("2026-11-21T10:00:00Z", Int64(1_795_255_200_000)),
        ("2026-11-21T11:00:00+01:00", 1_795_255_200_000),
        ("2026-11-21T10:00:00.250Z", 1_795_255_200_250),
        ("1763719200", 1_763_719_200_000),
        ("1763719200.5", 1_763_719_200_500),
    ])
    func timesAreISO8601OrEpochSeconds(text: String, milliseconds: Int64) throws {
        #expect(try StatsFilter.parse(since: text, until: nil, model: nil).since == milliseconds)
    }

    @Test(arguments: ["yesterday", "2026-13-01T00:00:00Z", "", "1e400", "2026-11-21"])
    func otherTimesAreProblemsNamingTheParameter(text: String) {
        #expect(throws: InvalidQuery.self) { try StatsFilter.parse(since: nil, until: text, model: nil) }
        do {
            _ = try StatsFilter.parse(since: nil, until: text, model: nil)
        } catch {
            #expect(error.parameter == "until")
            #expect(error.message.hasPrefix("until must be an ISO-8601 date and time"))
        }
    }

    @Test func untilMustBeLaterThanSince() throws {
        #expect(throws: InvalidQuery(parameter: "until", message: "until must be later than since")) {
            try StatsFilter.parse(since: "1763719200", until: "1763719200", model: nil)
        }
        #expect(try StatsFilter.parse(since: nil, until: nil, model: "").isEmpty)
    }
}
