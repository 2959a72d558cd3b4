import Histogram

/// Latencies in microseconds, from 1 µs to 1 hour, to two significant digits (values within 1 %
/// of each other share a bucket): an HDR histogram, so percentiles cost the same at any count.
public struct LatencyHistogram: Sendable, Codable, Equatable {
    private static let empty = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .two)

    private var histogram = LatencyHistogram.empty

    public init() {}

    public var count: UInt64 { histogram.totalCount }

    /// Adds one latency; values past an hour count as an hour.
    public mutating func record(milliseconds: Double) {
        _ = histogram.record(Self.microseconds(milliseconds))
    }

    /// Adds the latencies `counts` holds: the same histogram as recording each of them here.
    mutating func add(_ counts: LatencyCounts) {
        for (value, count) in counts.counts { _ = histogram.record(value, count: count) }
        // Percentiles in the top bucket answer the greatest latency itself, so it is recorded exactly.
        _ = histogram.record(counts.greatest, count: 0)
    }

    /// The latency at `percentile` (0–100) in milliseconds; 0 when nothing was recorded.
    public func milliseconds(atPercentile percentile: Double) -> Double {
        count == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1_000
    }

    /// `milliseconds` as the microseconds recorded: rounded, between 0 and an hour.
    static func microseconds(_ milliseconds: Double) -> UInt64 {
        UInt64(max(0, min(milliseconds * 1_000, 3_600_000_000)).rounded())
    }

    /// The least value of the histogram bucket `microseconds` falls in.
    static func bucketFloor(_ microseconds: UInt64) -> UInt64 {
        empty.lowestEquivalentForValue(microseconds)
    }
}
