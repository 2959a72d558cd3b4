/// The stats projection's rollups: each ended request added to one cell of the 15 minutes it
/// ended in (UTC), keyed by ``StatsRollupKey`` (model, tier, task type, status, API key), and its
/// latency to a sparse histogram of that bucket and model. A filtered `/stats` adds up the cells
/// of the whole buckets it covers, so its cost follows the buckets and the distinct keys in
/// them, never the number of requests.
///
/// Kept in memory, and in the projection store's rollup tables, where a save writes only the
/// cells and histograms that changed since the last one, in the transaction that saves the
/// checkpoint. A width change needs a new ``ProjectionStore`` layout version: saved buckets of
/// another width would be read as buckets of this one.
public struct StatsRollups: Sendable, Equatable {
    /// The bucket width: 15 minutes, in milliseconds. Wider buckets mean fewer cells to merge over
    /// long ranges but more requests to read at a filter's partial edge buckets. Measured over HTTP
    /// (release build, 100,000 requests at 300 a minute, 60 distinct keys a bucket): three aligned
    /// hours answer in 2.5 ms, the same range with two 14-minute edges (8,600 rows read) in 15 ms;
    /// with hour-wide buckets those edges took 45 ms.
    public static let bucketMilliseconds: Int64 = 900_000

    /// One cell's sums and the last completion seq among its requests.
    struct Cell: Sendable, Equatable {
        var totals = StatsAccumulator.Totals()
        var lastSeq: Int64 = 0

        mutating func add(_ request: StatsSample) {
            totals.add(request)
            lastSeq = max(lastSeq, request.completionSeq)
        }
    }

    /// A cell with its key, and whether it changed since the last save.
    struct Entry: Sendable, Equatable {
        var key: StatsRollupKey
        var cell = Cell()
        var changed = true

        /// Equal when they hold the same sums, saved or not.
        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.key == rhs.key && lhs.cell == rhs.cell
        }
    }

    /// One bucket: its cells in key order (so sums add up in the same order in every process,
    /// and a merge walks an array), its latencies by model, and which models' changed since the
    /// last save.
    struct Bucket: Sendable, Equatable {
        private(set) var entries: [Entry] = []
        /// Each key's index in ``entries``.
        private var positions: [StatsRollupKey: Int] = [:]
        private(set) var latencies: [StatsRollupKey.Model: LatencyCounts] = [:]
        private(set) var changedModels: Set<StatsRollupKey.Model> = []

        mutating func add(_ request: StatsSample) {
            let key = StatsRollupKey(request)
            let position = positions[key] ?? insert(key)
            entries[position].cell.add(request)
            entries[position].changed = true
            if request.succeeded, let milliseconds = request.latencyMilliseconds {
                latencies[key.model, default: LatencyCounts()].record(milliseconds: milliseconds)
                changedModels.insert(key.model)
            }
        }

        mutating func markSaved() {
            for index in entries.indices { entries[index].changed = false }
            changedModels.removeAll()
        }

        /// Sets a cell as read back from the store.
        mutating func set(_ cell: Cell, for key: StatsRollupKey) {
            let position = positions[key] ?? insert(key)
            entries[position].cell = cell
            entries[position].changed = false
        }

        /// Sets a model's latencies as read back from the store.
        mutating func set(_ counts: LatencyCounts, for model: StatsRollupKey.Model) {
            latencies[model] = counts
        }

        /// Adds another bucket's cell (a coarser bucket summing finer ones).
        mutating func merge(_ cell: Cell, for key: StatsRollupKey) {
            let position = positions[key] ?? insert(key)
            entries[position].cell.totals.add(cell.totals)
            entries[position].cell.lastSeq = max(entries[position].cell.lastSeq, cell.lastSeq)
        }

        /// Adds another bucket's latencies of one model.
        mutating func merge(_ counts: LatencyCounts, for model: StatsRollupKey.Model) {
            latencies[model, default: LatencyCounts()].add(counts)
        }

        /// Inserts an empty cell for `key` in key order; its index. New keys are rare (a bucket
        /// holds hundreds of cells at most), so the indices after it are renumbered.
        private mutating func insert(_ key: StatsRollupKey) -> Int {
            let position = entries.partitioningIndex { key < $0.key }
            entries.insert(Entry(key: key), at: position)
            for index in position..<entries.count { positions[entries[index].key] = index }
            return position
        }

        /// Equal when they hold the same sums, saved or not.
        static func == (lhs: Bucket, rhs: Bucket) -> Bool {
            lhs.entries == rhs.entries && lhs.latencies == rhs.latencies
        }
    }

    /// Buckets by start (Unix ms).
    private(set) var buckets: [Int64: Bucket] = [:]
    /// The buckets' starts in ascending order.
    private var starts: [Int64] = []
    /// The starts of the buckets changed since the last save.
    private var changed: Set<Int64> = []
    /// Coarser buckets summing the 15-minute ones, each level ``coarseFactor`` times as wide as
    /// the one below (4 hours, 2.7 days, 43 days, 1.9 years), so a range of any length is added
    /// up from at most 2 × 15 buckets a level rather than from every bucket in it. Derived, in
    /// memory only: built on the first filtered query (``prepareForQueries()``), then kept up to
    /// date, so a rebuild that serves no query never pays for them.
    private var coarse: [[Int64: Bucket]]?

    /// How much wider each coarse level is than the one below, and how many levels there are.
    /// Measured at 1,000,000 requests over a year: `/stats?model=…` over all of it merged every
    /// 15-minute bucket (35,000) in ~40 ms; with these levels, a few hundred buckets.
    static let coarseFactor: Int64 = 16
    static let coarseLevels = 4

    public init() {}

    /// The width of `level`'s buckets (0: the stored 15-minute buckets).
    static func width(ofLevel level: Int) -> Int64 {
        var width = bucketMilliseconds
        for _ in 0..<level { width *= coarseFactor }
        return width
    }

    /// The start of the bucket of `milliseconds` (Unix ms).
    static func bucketStart(of milliseconds: Int64) -> Int64 {
        start(of: milliseconds, width: bucketMilliseconds)
    }

    private static func start(of milliseconds: Int64, width: Int64) -> Int64 {
        let offset = milliseconds % width
        return milliseconds - (offset < 0 ? offset + width : offset)
    }

    mutating func add(_ request: StatsSample) {
        let start = Self.bucketStart(of: request.completedAt)
        if buckets[start] == nil { insertStart(start) }
        buckets[start, default: Bucket()].add(request)
        changed.insert(start)
        if coarse != nil {
            for level in 1...Self.coarseLevels {
                coarse![level - 1][Self.start(of: start, width: Self.width(ofLevel: level)), default: Bucket()].add(request)
            }
        }
    }

    /// Builds the coarse levels from the 15-minute buckets, once; later changes keep them current.
    mutating func prepareForQueries() {
        guard coarse == nil else { return }
        var levels = [[Int64: Bucket]](repeating: [:], count: Self.coarseLevels)
        for (start, bucket) in buckets {
            for level in 1...Self.coarseLevels {
                let coarseStart = Self.start(of: start, width: Self.width(ofLevel: level))
                for entry in bucket.entries { levels[level - 1][coarseStart, default: Bucket()].merge(entry.cell, for: entry.key) }
                for (model, counts) in bucket.latencies {
                    levels[level - 1][coarseStart, default: Bucket()].merge(counts, for: model)
                }
            }
        }
        coarse = levels
    }

    /// Adds to `stats` the requests of the buckets that start in `range` (15-minute aligned) and
    /// match the `model` filter.
    func add(bucketsIn range: Range<Int64>, model: String?, to stats: inout StatsAccumulator) {
        forEachBucket(in: range) { bucket in
            stats.add(bucket.entries, model: model)
            for (key, counts) in bucket.latencies where model == nil || key.name == model { stats.add(counts, of: key) }
        }
    }

    /// The sums of the requests of the buckets that start in `range` (15-minute aligned) and
    /// match the `model` filter: one bar of a chart.
    func totals(bucketsIn range: Range<Int64>, model: String?) -> StatsAccumulator.Totals {
        var totals = StatsAccumulator.Totals()
        forEachBucket(in: range) { bucket in
            for entry in bucket.entries where entry.key.matches(model: model) { totals.add(entry.cell.totals) }
        }
        return totals
    }

    /// Calls `body` with buckets that together hold the requests of `range` (15-minute aligned):
    /// from left to right, each step takes the widest bucket that starts there and ends within the
    /// range (15-minute ones only until ``prepareForQueries()``), so a range costs at most
    /// 2 × ``coarseFactor`` buckets a level, and nothing outside the stored buckets' span.
    private func forEachBucket(in range: Range<Int64>, _ body: (Bucket) -> Void) {
        guard let first = starts.first, let last = starts.last else { return }
        var position = max(range.lowerBound, first)
        let end = min(range.upperBound, last + Self.bucketMilliseconds)
        while position < end {
            var level = coarse == nil ? 0 : Self.coarseLevels
            while level > 0 {
                let width = Self.width(ofLevel: level)
                if Self.start(of: position, width: width) == position, end - position >= width { break }
                level -= 1
            }
            if let bucket = level == 0 ? buckets[position] : coarse![level - 1][position] { body(bucket) }
            position += Self.width(ofLevel: level)
        }
    }

    /// How many requests the cells hold.
    var requestCount: Int {
        buckets.values.reduce(0) { sum, bucket in
            bucket.entries.reduce(sum) { $0 + $1.cell.totals.calls + $1.cell.totals.failures }
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

    /// Sets a cell as read back from the store (not a change to save). Loading happens before
    /// any query, so the coarse levels are not built yet.
    mutating func set(_ cell: Cell, for key: StatsRollupKey, inBucketAt start: Int64) {
        if buckets[start] == nil { insertStart(start) }
        buckets[start, default: Bucket()].set(cell, for: key)
        coarse = nil
    }

    /// Sets a bucket's latencies of one model as read back from the store (not a change to save).
    mutating func set(_ counts: LatencyCounts, for model: StatsRollupKey.Model, inBucketAt start: Int64) {
        if buckets[start] == nil { insertStart(start) }
        buckets[start, default: Bucket()].set(counts, for: model)
        coarse = nil
    }

    private mutating func insertStart(_ start: Int64) {
        starts.insert(start, at: starts.partitioningIndex { $0 > start })
    }

    /// Equal when they hold the same buckets, saved or not.
    public static func == (lhs: StatsRollups, rhs: StatsRollups) -> Bool {
        lhs.buckets == rhs.buckets
    }
}
