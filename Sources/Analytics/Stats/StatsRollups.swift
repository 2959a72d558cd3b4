/// The stats projection's rollups: each ended request added to one cell of the hour it ended in
/// (UTC), keyed by ``StatsRollupKey`` (model, tier, task type, status, API key), and its latency
/// to a sparse histogram of that hour and model. A filtered `/stats` adds up the cells of the
/// whole hours it covers, so its cost follows the hours and the distinct keys in them, never the
/// number of requests.
///
/// Kept in memory (a filtered report merges a day of 1,000 cells in well under a millisecond) and
/// in the projection store's rollup tables, where a save writes only the cells and histograms that
/// changed since the last one, in the transaction that saves the checkpoint.
public struct StatsRollups: Sendable, Equatable {
    /// The bucket width: an hour, in milliseconds. Wider buckets mean fewer cells to merge over
    /// long ranges but more requests to read at a filter's partial edge buckets; at 300
    /// requests a minute (the analytics benchmark) an hour's edge reads in about ten milliseconds.
    public static let bucketMilliseconds: Int64 = 3_600_000

    /// One cell's sums and the last completion seq among its requests.
    struct Cell: Sendable, Equatable {
        var totals = StatsAccumulator.Totals()
        var lastSeq: Int64 = 0

        mutating func add(_ request: StatsSample) {
            totals.add(request)
            lastSeq = max(lastSeq, request.completionSeq)
        }
    }

    /// One bucket: its cells, their keys in order (so sums add up in the same order in every
    /// process), its latencies by model, and which of them changed since the last save.
    struct Bucket: Sendable, Equatable {
        private(set) var keys: [StatsRollupKey] = []
        private(set) var cells: [StatsRollupKey: Cell] = [:]
        private(set) var latencies: [StatsRollupKey.Model: LatencyCounts] = [:]
        private(set) var changedKeys: Set<StatsRollupKey> = []
        private(set) var changedModels: Set<StatsRollupKey.Model> = []

        mutating func add(_ request: StatsSample) {
            let key = StatsRollupKey(request)
            if cells[key] == nil { insert(key) }
            cells[key, default: Cell()].add(request)
            changedKeys.insert(key)
            if request.succeeded, let milliseconds = request.latencyMilliseconds {
                latencies[key.model, default: LatencyCounts()].record(milliseconds: milliseconds)
                changedModels.insert(key.model)
            }
        }

        mutating func markSaved() {
            changedKeys.removeAll()
            changedModels.removeAll()
        }

        /// Sets a cell as read back from the store.
        mutating func set(_ cell: Cell, for key: StatsRollupKey) {
            if cells[key] == nil { insert(key) }
            cells[key] = cell
        }

        /// Sets a model's latencies as read back from the store.
        mutating func set(_ counts: LatencyCounts, for model: StatsRollupKey.Model) {
            latencies[model] = counts
        }

        private mutating func insert(_ key: StatsRollupKey) {
            keys.insert(key, at: keys.partitioningIndex { key < $0 })
        }

        /// Equal when they hold the same sums, saved or not.
        static func == (lhs: Bucket, rhs: Bucket) -> Bool {
            lhs.keys == rhs.keys && lhs.cells == rhs.cells && lhs.latencies == rhs.latencies
        }
    }

    /// Buckets by start (Unix ms).
    private(set) var buckets: [Int64: Bucket] = [:]
    /// The buckets' starts in ascending order.
    private var starts: [Int64] = []
    /// The starts of the buckets changed since the last save.
    private var changed: Set<Int64> = []

    public init() {}

    /// The start of the bucket of `milliseconds` (Unix ms).
    static func bucketStart(of milliseconds: Int64) -> Int64 {
        let offset = milliseconds % bucketMilliseconds
        return milliseconds - (offset < 0 ? offset + bucketMilliseconds : offset)
    }

    mutating func add(_ request: StatsSample) {
        let start = Self.bucketStart(of: request.completedAt)
        if buckets[start] == nil { insertStart(start) }
        buckets[start, default: Bucket()].add(request)
        changed.insert(start)
    }

    /// Adds to `stats` the requests of the buckets that start in `range` and match the `model`
    /// filter.
    func add(bucketsIn range: Range<Int64>, model: String?, to stats: inout StatsAccumulator) {
        var index = starts.partitioningIndex { $0 >= range.lowerBound }
        while index < starts.count, starts[index] < range.upperBound {
            let bucket = buckets[starts[index]]!
            for key in bucket.keys where key.matches(model: model) { stats.add(bucket.cells[key]!, of: key) }
            for (key, counts) in bucket.latencies where model == nil || key.name == model { stats.add(counts, of: key) }
            index += 1
        }
    }

    /// The buckets changed since the last ``markSaved()``, by start.
    var changedBuckets: [(start: Int64, bucket: Bucket)] {
        changed.sorted().map { ($0, buckets[$0]!) }
    }

    /// Records that the changed buckets were saved.
    mutating func markSaved() {
        for start in changed { buckets[start]!.markSaved() }
        changed.removeAll()
    }

    /// Sets a cell as read back from the store (not a change to save).
    mutating func set(_ cell: Cell, for key: StatsRollupKey, inBucketAt start: Int64) {
        if buckets[start] == nil { insertStart(start) }
        buckets[start, default: Bucket()].set(cell, for: key)
    }

    /// Sets a bucket's latencies of one model as read back from the store (not a change to save).
    mutating func set(_ counts: LatencyCounts, for model: StatsRollupKey.Model, inBucketAt start: Int64) {
        if buckets[start] == nil { insertStart(start) }
        buckets[start, default: Bucket()].set(counts, for: model)
    }

    private mutating func insertStart(_ start: Int64) {
        starts.insert(start, at: starts.partitioningIndex { $0 > start })
    }

    /// Equal when they hold the same buckets, saved or not.
    public static func == (lhs: StatsRollups, rhs: StatsRollups) -> Bool {
        lhs.buckets == rhs.buckets
    }
}
