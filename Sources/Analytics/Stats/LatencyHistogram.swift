import Histogram

/// Latencies in microseconds, from 1 µs to 1 hour, to two significant digits (values within 1 %
/// of each other share a bucket): an HDR histogram, so percentiles cost the same at any count.
public struct LatencyHistogram: Sendable, Codable, Equatable {
    private var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .two)

    public init() {}

    public var count: UInt64 { histogram.totalCount }

    /// Adds one latency; values past an hour count as an hour.
    public mutating func record(milliseconds: Double) {
        let microseconds = UInt64(max(0, min(milliseconds * 1_000, 3_600_000_000)).rounded())
        _ = histogram.record(microseconds)
    }

    /// The latency at `percentile` (0–100) in milliseconds; 0 when nothing was recorded.
    public func milliseconds(atPercentile percentile: Double) -> Double {
        count == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1_000
    }
}
