import SQLiteSupport

/// ``StatsRollups`` as rows of the projection store's `stats_cells` and `stats_latencies` tables,
/// keyed by bucket start and packed key; the sums are stored as they are (SQLite's REAL is a
/// double), so a state read back adds up exactly as the one that was saved.
enum RollupRows {
    /// Replaces the rows of the cells and histograms of `buckets` changed since their last save
    /// (inside the caller's transaction).
    static func save(_ buckets: [(start: Int64, bucket: StatsRollups.Bucket)], to connection: SQLiteConnection) throws {
        if buckets.isEmpty { return }
        let cell = try connection.prepare(
            "INSERT OR REPLACE INTO stats_cells (bucket, key, calls, failures, cost_usd, latency_ms, routing_ms, "
                + "input_tokens, output_tokens, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let latency = try connection.prepare(
            "INSERT OR REPLACE INTO stats_latencies (bucket, model, counts) VALUES (?, ?, ?)")
        for (start, bucket) in buckets {
            for entry in bucket.entries where entry.changed {
                let totals = entry.cell.totals
                cell.reset()
                cell.bind(1, start)
                cell.bind(2, entry.key.packed)
                cell.bind(3, Int64(totals.calls))
                cell.bind(4, Int64(totals.failures))
                cell.bind(5, totals.costUSD)
                cell.bind(6, totals.latencyMilliseconds)
                cell.bind(7, totals.routingMilliseconds)
                cell.bind(8, Int64(totals.inputTokens))
                cell.bind(9, Int64(totals.outputTokens))
                cell.bind(10, entry.cell.lastSeq)
                _ = try cell.step()
            }
            for model in bucket.changedModels {
                latency.reset()
                latency.bind(1, start)
                latency.bind(2, model.packed)
                latency.bind(3, bucket.latencies[model]!.packed)
                _ = try latency.step()
            }
        }
    }

    /// Every saved bucket; throws when a row does not read back.
    static func load(from connection: SQLiteConnection) throws -> StatsRollups {
        var rollups = StatsRollups()
        let cells = try connection.prepare(
            "SELECT bucket, key, calls, failures, cost_usd, latency_ms, routing_ms, input_tokens, output_tokens, last_seq "
                + "FROM stats_cells ORDER BY bucket, key")
        while try cells.step() {
            guard let key = StatsRollupKey(packed: cells.blob(1)) else { throw Unreadable(table: "stats_cells") }
            var cell = StatsRollups.Cell()
            cell.totals.calls = Int(cells.int64(2))
            cell.totals.failures = Int(cells.int64(3))
            cell.totals.costUSD = cells.double(4)
            cell.totals.latencyMilliseconds = cells.double(5)
            cell.totals.routingMilliseconds = cells.double(6)
            cell.totals.inputTokens = Int(cells.int64(7))
            cell.totals.outputTokens = Int(cells.int64(8))
            cell.lastSeq = cells.int64(9)
            rollups.set(cell, for: key, inBucketAt: cells.int64(0))
        }
        let latencies = try connection.prepare("SELECT bucket, model, counts FROM stats_latencies ORDER BY bucket, model")
        while try latencies.step() {
            guard let model = StatsRollupKey.Model(packed: latencies.blob(1)),
                let counts = LatencyCounts(packed: latencies.blob(2))
            else { throw Unreadable(table: "stats_latencies") }
            rollups.set(counts, for: model, inBucketAt: latencies.int64(0))
        }
        return rollups
    }

    /// A rollup row that does not read back (the projection is then rebuilt).
    struct Unreadable: Error, CustomStringConvertible {
        var table: String
        var description: String { "a row of \(table) does not read back" }
    }
}
