import SeededRandom
import Testing

@testable import Analytics

/// Chart series from the rollups: each point is what the filtered report of its bucket adds up
/// to, empty buckets are zero points, day-wide buckets over years equal the requests in them, and
/// ranges and widths that cannot be charted name their parameter.
@Suite struct TimeSeriesTests {
    private static let quarterHour = StatsRollups.bucketMilliseconds
    private static let hour = 4 * quarterHour
    private static let day = 24 * hour

    @Test(arguments: [quarterHour, hour, 3 * hour, day])
    func eachPointEqualsTheFilteredReportOfItsBucket(width: Int64) async throws {
        let temporary = try await TemporaryLedger.withMixedTraffic(seed: 11)
        let projector = try temporary.projector()
        try await projector.catchUp()
        let rows = try projector.store.requests()
        let times = rows.map(\.completedAt)
        let (since, until) = (times.min()! - 1_234, times.max()! + 5)
        let routedOnly = try #require(rows.first { $0.status == .failed && $0.decision != nil }?.decision?.chosenModel)
        var pointsWithCalls = 0
        for model in [nil, "qwen-max", routedOnly, "no-such-model"] {
            let points = try await projector.timeSeries(
                StatsFilter(since: since, until: until, model: model), bucketMilliseconds: width)
            // Aligned outwards: the first bucket holds `since`, the last `until - 1`, none is missing.
            let first = try #require(points.first).start
            let end = first + Int64(points.count) * width
            #expect(first % width == 0 && first <= since && since < first + width)
            #expect(end >= until && end - width < until)
            let starts: [Int64] = Array(stride(from: first, to: end, by: Int(width)))
            #expect(points.map(\.start) == starts)
            for point in points {
                let report = try await projector.report(StatsFilter(since: point.start, until: point.start + width, model: model))
                #expect(point.calls == report.totalCalls && point.failures == report.failedCalls, "\(model ?? "all") \(point.start)")
                #expect(point.inputTokens == report.inputTokens && point.outputTokens == report.outputTokens)
                #expect(abs(point.costUSD - report.totalCostUSD) <= 5e-7, "rounded to 6 places in the report")
                if point.calls > 0 { pointsWithCalls += 1 }
            }
            let whole = try await projector.report(StatsFilter(since: first, until: end, model: model))
            #expect(points.reduce(0) { $0 + $1.calls } == whole.totalCalls)
            #expect(points.reduce(0) { $0 + $1.failures } == whole.failedCalls)
            if model == "no-such-model" { #expect(points.allSatisfy { $0.calls == 0 && $0.failures == 0 && $0.costUSD == 0 }) }
        }
        #expect(pointsWithCalls >= 3)
        await temporary.close()
    }

    @Test func bucketsWithoutRequestsAreZeroPoints() async throws {
        let temporary = try await TemporaryLedger.withMixedTraffic(seed: 3)
        let projector = try temporary.projector()
        let earliest = try #require(try await projector.requestLog(RequestLogQuery(limit: 1)).rows.first).completedAt
        let end = earliest - earliest % Self.day - 10 * Self.day
        let points = try await projector.timeSeries(
            StatsFilter(since: end - 7 * Self.day, until: end), bucketMilliseconds: Self.day)
        #expect(points == (0..<7).map {
            TimeSeriesPoint(
                start: end - Int64(7 - $0) * Self.day, calls: 0, failures: 0, costUSD: 0, inputTokens: 0, outputTokens: 0)
        })
        await temporary.close()
    }

    /// A year and a half of requests: day-wide buckets, added up from the coarse levels, equal the
    /// requests that ended in each day.
    @Test func dayWideBucketsOverYearsEqualTheRequestsInThem() throws {
        var random = SeededGenerator(seed: 71)
        let start: Int64 = 1_700_000_000_000
        let span = 540 * Self.day
        var rollups = StatsRollups()
        var samples: [StatsSample] = []
        for seq in 1...6_000 {
            let succeeded = random.next() % 7 != 0
            let sample = StatsSample(
                completedAt: start + Int64(random.next() % UInt64(span)), completionSeq: Int64(seq), succeeded: succeeded,
                model: ["qwen-max", "gpt-4o"][Int(random.next() % 2)], answered: succeeded, tier: "simple",
                taskType: "Chatbot", apiKeyID: nil, routingMicroseconds: 100, costUSD: Double(random.next() % 1_000) / 1e6,
                latencyMilliseconds: 10, inputTokens: Int(random.next() % 900), outputTokens: Int(random.next() % 300))
            samples.append(sample)
            rollups.add(sample)
        }
        rollups.prepareForQueries()
        let buckets = try ChartBuckets(StatsFilter(since: start, until: start + span), width: Self.day)
        #expect(buckets.count == 541 && buckets.start % Self.day == 0)
        for model in [nil, "gpt-4o"] {
            var byDay: [Int64: StatsAccumulator.Totals] = [:]
            for sample in samples where model == nil || sample.model == model {
                byDay[sample.completedAt - sample.completedAt % Self.day, default: .init()].add(sample)
            }
            for range in buckets.ranges {
                let totals = rollups.totals(bucketsIn: range, model: model)
                let expected = byDay[range.lowerBound] ?? .init()
                #expect(totals.calls == expected.calls && totals.failures == expected.failures)
                #expect(totals.inputTokens == expected.inputTokens && totals.outputTokens == expected.outputTokens)
                #expect(abs(totals.costUSD - expected.costUSD) <= 1e-12)
            }
        }
    }

    @Test(arguments: [
        (nil, 1_000, quarterHour, "since"), (0, nil, quarterHour, "until"), (5_000, 5_000, quarterHour, "until"),
        (0, day, 600_000, "bucket"), (0, day, 0, "bucket"), (0, day, -quarterHour, "bucket"),
        (0, day, quarterHour + 1, "bucket"), (0, 11 * day, quarterHour, "bucket"), (.min, .max, quarterHour, "bucket"),
        (.min, .max, quarterHour << 40, "since"),
    ] as [(Int64?, Int64?, Int64, String)])
    func rangesAndWidthsThatCannotBeChartedNameTheirParameter(
        since: Int64?, until: Int64?, width: Int64, parameter: String
    ) async throws {
        let temporary = try TemporaryLedger()
        let projector = try temporary.projector()
        await #expect { try await projector.timeSeries(StatsFilter(since: since, until: until), bucketMilliseconds: width) }
            throws: { ($0 as? InvalidQuery)?.parameter == parameter }
        await temporary.close()
    }

    @Test func aThousandBucketsAreAllowedAndTheLimitIsNamed() throws {
        #expect(try ChartBuckets(StatsFilter(since: 0, until: 1_000 * Self.quarterHour), width: Self.quarterHour).count == 1_000)
        #expect(try ChartBuckets(StatsFilter(since: 1, until: 1_000 * Self.quarterHour), width: Self.quarterHour).count == 1_000)
        #expect { try ChartBuckets(StatsFilter(since: -1, until: 1_000 * Self.quarterHour), width: Self.quarterHour) }
            throws: { ($0 as? InvalidQuery)?.message.contains("at most 1000 buckets") == true }
    }
}
