extension StatsFilter {
    /// How the filter's time range is answered from the rollups: the starts of the whole buckets
    /// inside [`since`, `until`), added up from their cells, and the partial buckets at either end
    /// as time ranges whose requests are read one by one — each within a single bucket (both
    /// within two adjacent ones when no whole bucket lies between them), so their cost never
    /// grows with the ledger.
    var bucketSpan: (whole: Range<Int64>, edges: [Range<Int64>]) {
        let low = since ?? .min
        let high = until ?? .max
        let firstWhole = since.map { since in
            let start = StatsRollups.bucketStart(of: since)
            return start == since ? since : start + StatsRollups.bucketMilliseconds
        } ?? .min
        let endWhole = until.map(StatsRollups.bucketStart(of:)) ?? .max
        guard firstWhole < endWhole else { return (firstWhole..<firstWhole, low < high ? [low..<high] : []) }
        var edges: [Range<Int64>] = []
        if low < firstWhole { edges.append(low..<firstWhole) }
        if endWhole < high { edges.append(endWhole..<high) }
        return (firstWhole..<endWhole, edges)
    }
}
