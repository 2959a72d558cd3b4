extension StatsProjector {
    /// The requests that ended in [`since`, `until`) (aligned outwards to whole buckets) and
    /// match `filter.model`, added up per `bucketMilliseconds`-wide bucket after catching up: a
    /// chart's bars, empty buckets as zero points. Each bucket is added up from the rollups'
    /// widest cells that fit it, so a day-wide bucket over a year reads a few thousand cells, not
    /// every 15-minute bucket, and no request row.
    ///
    /// Throws ``InvalidQuery`` naming `since` or `until` when either is nil (the caller chooses
    /// the range) and `bucket` when the width is not a multiple of 15 minutes or the range needs
    /// more than ``TimeSeriesPoint/maximumCount`` points.
    public func timeSeries(_ filter: StatsFilter, bucketMilliseconds: Int64) async throws -> [TimeSeriesPoint] {
        let buckets = try ChartBuckets(filter, width: bucketMilliseconds)
        return try await withCaughtUpRollups(saving: false) { rollups in
            buckets.ranges.map { TimeSeriesPoint(start: $0.lowerBound, rollups.totals(bucketsIn: $0, model: filter.model)) }
        }
    }
}
