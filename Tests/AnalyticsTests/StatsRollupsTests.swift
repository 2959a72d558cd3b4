import Foundation
import Ledger
import Router
import SQLiteSupport
import SeededRandom
import Testing

@testable import Analytics

/// Filtered stats from the rollups: for many random filters (times inside buckets and on their
/// edges, known, routed-only and unknown models) the answer equals a brute-force fold over the
/// stored request rows, after a restart too, and whole buckets are never read row by row.
@Suite struct StatsRollupsTests {
    /// The filtered stats as they were computed before rollups: every stored row, folded.
    private func bruteForce(_ rows: [CompletedRequest], _ filter: StatsFilter) -> StatsAccumulator {
        var stats = StatsAccumulator()
        for row in rows
        where row.completedAt >= filter.since ?? .min && row.completedAt < filter.until ?? .max
            && (filter.model == nil || (row.model ?? row.decision?.chosenModel) == filter.model)
        {
            stats.add(row)
        }
        return stats
    }

    private func isClose(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    private func expectSame(_ rolled: StatsAccumulator, _ folded: StatsAccumulator, _ filter: StatsFilter) {
        let (a, b) = (rolled.totals, folded.totals)
        #expect(a.calls == b.calls, "\(filter)")
        #expect(a.failures == b.failures, "\(filter)")
        #expect(a.inputTokens == b.inputTokens && a.outputTokens == b.outputTokens, "\(filter)")
        #expect(isClose(a.costUSD, b.costUSD), "\(filter): \(a.costUSD) vs \(b.costUSD)")
        #expect(isClose(a.latencyMilliseconds, b.latencyMilliseconds), "\(filter)")
        #expect(isClose(a.routingMilliseconds, b.routingMilliseconds), "\(filter)")
        #expect(rolled.models == folded.models, "\(filter)")
        #expect(rolled.tiers == folded.tiers, "\(filter)")
        #expect(rolled.taskTypes == folded.taskTypes, "\(filter)")
        #expect(rolled.latency == folded.latency, "\(filter)")
        #expect(rolled.latencyByModel == folded.latencyByModel, "\(filter)")
        #expect(rolled.lastSeq == folded.lastSeq, "\(filter)")
        let (report, expected) = (StatsReport(rolled), StatsReport(folded))
        #expect(report.successRate == expected.successRate, "\(filter)")
        #expect(report.latencyPercentiles == expected.latencyPercentiles, "\(filter)")
        #expect(report.latencyPercentilesByModel == expected.latencyPercentilesByModel, "\(filter)")
    }

    /// A random filter over `rows`: times unbounded, on a bucket boundary, at a request's exact
    /// end, or anywhere from two hours before the first to two hours after the last; a model that
    /// answered, one only routed to, one no request has, or none.
    private func randomFilter(_ rows: [CompletedRequest], _ random: inout SeededGenerator) -> StatsFilter {
        let times = rows.map(\.completedAt)
        let (first, last) = (times.min()! - 7_200_000, times.max()! + 7_200_000)
        func time() -> Int64? {
            switch random.next() % 5 {
            case 0: return nil
            case 1:
                let at = first + Int64(random.next() % UInt64(last - first))
                return at - at % StatsRollups.bucketMilliseconds
            case 2: return times[Int(random.next() % UInt64(times.count))]
            default: return first + Int64(random.next() % UInt64(last - first))
            }
        }
        let models = [nil, "qwen-max", "gpt-4o-mini", "qwen-plus", "claude-3-5-haiku", "no-such-model"]
        var filter = StatsFilter(since: time(), until: time(), model: models[Int(random.next() % UInt64(models.count))])
        if let since = filter.since, let until = filter.until {
            if since == until { filter.until = until + 1 }
            if since > until { (filter.since, filter.until) = (until, since) }
        }
        return filter
    }

    @Test(arguments: [4, 19, 23] as [UInt64])
    func filteredStatsEqualABruteForceFoldOverTheStoredRows(seed: UInt64) async throws {
        let temporary = try await TemporaryLedger.withMixedTraffic(seed: seed)
        let projector = try temporary.projector(saveEvery: 97)
        try await projector.catchUp()
        let rows = try projector.store.requests()
        var random = SeededGenerator(seed: seed)
        var answered = 0, withWholeBuckets = 0, withEdges = 0
        for _ in 0..<300 {
            let filter = randomFilter(rows, &random)
            let expected = bruteForce(rows, filter)
            expectSame(try await projector.stats(filter), expected, filter)
            #expect(try await projector.report(filter) == StatsReport(try await projector.stats(filter)))
            if expected.totals.calls > 0 { answered += 1 }
            if !filter.bucketSpan.whole.isEmpty { withWholeBuckets += 1 }
            if !filter.bucketSpan.edges.isEmpty { withEdges += 1 }
        }
        // The filters cover every path: non-empty answers, whole buckets and partial edges.
        #expect(answered > 100 && withWholeBuckets > 100 && withEdges > 100)
        // Routed-only models: a failed request counts under the model it was routed to.
        let routedOnly = rows.first { $0.status == .failed && $0.decision != nil }!.decision!.chosenModel
        #expect(try await projector.stats(StatsFilter(model: routedOnly)).totals.failures > 0)
        await temporary.close()
    }

    @Test func wholeBucketsAreAnsweredFromTheRollupsWithoutReadingTheirRows() async throws {
        let temporary = try await TemporaryLedger.withMixedTraffic(seed: 31)
        let projector = try temporary.projector()
        try await projector.catchUp()
        let rows = try projector.store.requests()
        let times = rows.map(\.completedAt).sorted()
        let filter = StatsFilter(since: times[times.count / 5] + 1, until: times[times.count * 4 / 5] - 1, model: "gpt-4o-mini")
        let span = filter.bucketSpan
        #expect(span.whole.count > 3 * StatsRollups.bucketMilliseconds && span.edges.count == 2)
        let expected = bruteForce(rows, filter)

        // Removes the stored rows of the whole buckets: the answer must not change.
        let connection = try SQLiteConnection(path: temporary.path + "-projections", mode: .readWrite)
        try connection.execute(
            "DELETE FROM requests WHERE completed_at >= \(span.whole.lowerBound) AND completed_at < \(span.whole.upperBound)")
        #expect(try projector.store.requestCount() < rows.count * 3 / 4)
        expectSame(try await projector.stats(filter), expected, filter)
        #expect(expected.totals.calls > 0)
        await temporary.close()
    }

    @Test(arguments: [1, 700, 1_900])
    func rollupsSavedAtACheckpointResumeAndEqualARebuild(cut: Int) async throws {
        let temporary = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: UInt64(cut))
        traffic.generate(requests: 600, concurrency: 5)
        try await temporary.append(traffic.events.prefix(cut))
        do {
            let first = try temporary.projector(saveEvery: 64)
            try await first.catchUp()
        }
        try await temporary.append(traffic.events.dropFirst(cut))

        let resumed = try temporary.projector(saveEvery: 64)
        #expect(await resumed.projection.seq == Int64(min(cut, traffic.events.count)))
        try await resumed.catchUp()
        let incremental = try resumed.store.rollups()
        #expect(incremental == (await resumed.projection.rollups))
        let rows = try resumed.store.requests()
        var random = SeededGenerator(seed: UInt64(cut))
        for _ in 0..<40 {
            let filter = randomFilter(rows, &random)
            expectSame(try await resumed.stats(filter), bruteForce(rows, filter), filter)
        }

        try await resumed.rebuild()
        #expect(try resumed.store.rollups() == incremental)
        #expect(await resumed.projection.rollups == incremental)
        await temporary.close()
    }

    @Test func savedRollupsThatDoNotHoldTheStatesRequestsAreRefolded() async throws {
        let temporary = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: 9)
        traffic.generate(requests: 200)
        try await temporary.append(traffic.events)
        let first = try temporary.projector()
        try await first.catchUp()
        let complete = try first.store.rollups()
        let connection = try SQLiteConnection(path: temporary.path + "-projections", mode: .readWrite)
        try connection.execute("DELETE FROM stats_cells WHERE bucket = (SELECT min(bucket) FROM stats_cells)")

        let restarted = try temporary.projector()
        #expect(await restarted.projection.seq == 0)
        try await restarted.catchUp()
        #expect(try restarted.store.rollups() == complete)
        #expect(await restarted.projection.rollups.requestCount == traffic.completed.count)
        await temporary.close()
    }

    @Test func theBucketSpanSplitsAFilterIntoWholeBucketsAndEdgesWithinABucket() {
        let width = StatsRollups.bucketMilliseconds
        var random = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let since = 1_763_700_000_000 + Int64(random.next() % UInt64(5 * width))
            let until = since + 1 + Int64(random.next() % UInt64(random.next() % 2 == 0 ? width : 6 * width))
            let span = StatsFilter(since: since, until: until).bucketSpan
            #expect(span.whole.lowerBound % width == 0 && span.whole.upperBound % width == 0)
            // The edges and the whole buckets cover [since, until) exactly, without overlap.
            let pieces = (span.edges + [span.whole]).filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
            #expect(pieces.first?.lowerBound == since && pieces.last?.upperBound == until)
            #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            // Each edge lies within one bucket, or two adjacent ones when no whole bucket lies between.
            for edge in span.edges { #expect(edge.count <= (span.whole.isEmpty ? 2 : 1) * width) }
        }
        #expect(StatsFilter(model: "m").bucketSpan.whole == Int64.min..<Int64.max)
        #expect(StatsFilter(model: "m").bucketSpan.edges.isEmpty)
    }
}
