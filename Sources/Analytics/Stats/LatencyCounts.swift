/// Latencies as a sparse ``LatencyHistogram``: how many fell in each of its buckets (keyed by the
/// bucket's least value) and the greatest exactly. A rollup bucket holds a few hundred of the
/// histogram's 3,328 buckets at most, so it keeps only those; adding it to a ``LatencyHistogram``
/// gives the same percentiles as recording its latencies there one by one.
struct LatencyCounts: Sendable, Equatable {
    /// Count by bucket floor, in microseconds.
    private(set) var counts: [UInt64: UInt64] = [:]
    /// The greatest latency recorded, in microseconds.
    private(set) var greatest: UInt64 = 0

    init() {}

    mutating func record(milliseconds: Double) {
        let microseconds = LatencyHistogram.microseconds(milliseconds)
        counts[LatencyHistogram.bucketFloor(microseconds), default: 0] += 1
        greatest = max(greatest, microseconds)
    }

    /// Adds another set of counts (a coarser rollup bucket summing finer ones).
    mutating func add(_ other: LatencyCounts) {
        for (value, count) in other.counts { counts[value, default: 0] += count }
        greatest = max(greatest, other.greatest)
    }

    /// As stored: the greatest latency, then each bucket floor and its count in ascending order.
    var packed: [UInt8] {
        var writer = PackedBytes()
        writer.append(greatest)
        for (value, count) in counts.sorted(by: { $0.key < $1.key }) {
            writer.append(value)
            writer.append(count)
        }
        return writer.bytes
    }

    /// Counts read back from ``packed``; nil when the bytes are not that.
    init?(packed: [UInt8]) {
        var reader = PackedBytes.Reader(packed)
        guard let greatest = reader.uint64() else { return nil }
        self.greatest = greatest
        while !reader.isAtEnd {
            guard let value = reader.uint64(), let count = reader.uint64() else { return nil }
            counts[value] = count
        }
    }
}
