/// The buckets of a time series: [`since`, `until`) aligned outwards to whole buckets of
/// ``width`` (multiples of it from the Unix epoch, so a day-wide bucket is a UTC day), each a
/// whole number of rollup buckets so it is added up from cells alone.
struct ChartBuckets: Sendable, Equatable {
    /// The first bucket's start (Unix ms).
    let start: Int64
    let width: Int64
    let count: Int

    /// Throws a problem with `since` or `until` when either is missing (the caller chooses the
    /// range) or `until` is not later, and with `bucket` when `width` is not a positive multiple
    /// of ``StatsRollups/bucketMilliseconds`` or the range holds more than
    /// ``TimeSeriesPoint/maximumCount`` buckets.
    init(_ filter: StatsFilter, width: Int64) throws(InvalidQuery) {
        guard let since = filter.since else {
            throw InvalidQuery(parameter: "since", message: "a time series needs since (where the chart starts)")
        }
        guard let until = filter.until else {
            throw InvalidQuery(parameter: "until", message: "a time series needs until (where the chart ends)")
        }
        guard until > since else { throw InvalidQuery(parameter: "until", message: "until must be later than since") }
        let rollup = StatsRollups.bucketMilliseconds
        guard width > 0, width % rollup == 0 else {
            throw InvalidQuery(
                parameter: "bucket",
                message: "bucket must be a whole number of \(rollup / 60_000) minutes, not \(width) ms")
        }
        // Bucket numbers by division first: no product can overflow before the count is checked.
        let first = since / width - (since % width < 0 ? 1 : 0)
        let end = until / width + (until % width > 0 ? 1 : 0)
        guard end - first <= Int64(TimeSeriesPoint.maximumCount) else {
            throw InvalidQuery(
                parameter: "bucket",
                message: "a chart holds at most \(TimeSeriesPoint.maximumCount) buckets; this range needs \(end - first) "
                    + "of \(width / 60_000) minutes (choose a wider bucket or a shorter range)")
        }
        let (start, startOverflow) = first.multipliedReportingOverflow(by: width)
        let (_, endOverflow) = end.multipliedReportingOverflow(by: width)
        guard !startOverflow, !endOverflow else {
            throw InvalidQuery(parameter: "since", message: "since and until must be dates between years 0 and 9999")
        }
        self.start = start
        self.width = width
        self.count = Int(end - first)
    }

    /// Each bucket's time range, in time order.
    var ranges: [Range<Int64>] {
        (0..<Int64(count)).map { index in
            let low = start + index * width
            return low..<low + width
        }
    }
}
