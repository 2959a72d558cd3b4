@testable import Analytics
import SeededRandom
import Testing

/// The coarse rollup levels: a range over years added up from the widest buckets that fit gives
/// what adding its requests one by one gives, for ranges aligned anywhere, at every level.
@Suite struct StatsRollupLevelsTests {
    @Test(arguments: [5 as UInt64, 41, 97])
    func rangesAddedUpFromCoarseBucketsEqualTheRequestsInThem(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let models = ["qwen-turbo", "qwen-max", "gpt-4o", "gpt-4o-mini"]
        let tiers = ["simple", "medium", "complex"]
        let start: Int64 = 1_700_000_000_000
        let span: Int64 = 3 * 365 * 86_400_000
        var samples: [StatsSample] = []
        for seq in 1...4_000 {
            let succeeded = random.next() % 9 != 0
            samples.append(StatsSample(
                completedAt: start + Int64(random.next() % UInt64(span)), completionSeq: Int64(seq), succeeded: succeeded,
                model: models[Int(random.next() % 4)], answered: succeeded, tier: tiers[Int(random.next() % 3)],
                taskType: ["Chatbot", "Code Generation", "Open QA"][Int(random.next() % 3)],
                apiKeyID: random.next() % 2 == 0 ? "key_a" : nil, routingMicroseconds: Int(random.next() % 3_000),
                costUSD: Double(random.next() % 10_000) / 1e7, latencyMilliseconds: Double(random.next() % 5_000) / 3,
                inputTokens: Int(random.next() % 2_000), outputTokens: Int(random.next() % 800)))
        }
        var rollups = StatsRollups()
        // Half before the levels exist (built from the buckets), half after (kept up to date).
        for sample in samples.prefix(2_000) { rollups.add(sample) }
        rollups.prepareForQueries()
        for sample in samples.dropFirst(2_000) { rollups.add(sample) }

        let quarter = StatsRollups.bucketMilliseconds
        for query in 0..<200 {
            let offset = Int64(random.next() % UInt64(span))
            var low = StatsRollups.bucketStart(of: start - 86_400_000 + offset)
            let quarters = span / quarter / Int64(query % 4 + 1)
            var high = low + quarter * Int64(random.next() % UInt64(quarters))
            if query % 10 == 0 { low = .min }
            if query % 15 == 0 { high = .max }
            let model: String? = query % 3 == 0 ? nil : models[Int(random.next() % 4)]
            var rolled = StatsAccumulator()
            rollups.add(bucketsIn: low..<max(low, high), model: model, to: &rolled)
            var folded = StatsAccumulator()
            for sample in samples where sample.completedAt >= low && sample.completedAt < high {
                if model == nil || sample.model == model { folded.add(sample) }
            }
            #expect(rolled.totals.calls == folded.totals.calls && rolled.totals.failures == folded.totals.failures)
            #expect(rolled.totals.inputTokens == folded.totals.inputTokens)
            #expect(abs(rolled.totals.costUSD - folded.totals.costUSD) <= 1e-9 * max(1e-12, folded.totals.costUSD))
            #expect(rolled.models == folded.models && rolled.tiers == folded.tiers && rolled.taskTypes == folded.taskTypes)
            #expect(rolled.latency == folded.latency && rolled.latencyByModel == folded.latencyByModel)
            #expect(rolled.lastSeq == folded.lastSeq)
        }
    }
}
