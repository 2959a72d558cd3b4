import Foundation
@testable import Analytics
import Testing

/// The overview's chart: one stacked bar per bucket, heights in proportion to the calls on a
/// rounded axis, the cost as a line, labels in UTC — and nothing in it but what it draws.
@Suite struct TimeSeriesChartTests {
    static let hour: Int64 = 3_600_000
    /// 2026-12-01T00:00:00Z.
    static let start: Int64 = 1_796_083_200_000

    @Test func barsAreStackedInProportionToTheCallsOnARoundedAxis() throws {
        let chart = TimeSeriesChart(
            buckets: [
                .init(start: Self.start, succeeded: 30, failed: 10, costUSD: 0.5),
                .init(start: Self.start + Self.hour, succeeded: 0, failed: 0, costUSD: 0),
                .init(start: Self.start + 2 * Self.hour, succeeded: 80, failed: 0, costUSD: 2),
            ],
            bucketMilliseconds: Self.hour)
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg "), "inline, without an XML declaration")
        #expect(svg.components(separatedBy: "<g class=\"bucket\"").count == 4)
        // The axis tops out at 100 (80 rounded up to 1, 2 or 5 × 10^n); the plot is 230 px tall.
        #expect(svg.contains(">100</text>"))
        // 30 succeeded of 100 → 69 px from the bottom (260); 10 failed → 23 px stacked above.
        #expect(svg.contains("y=\"191\" width=\"") && svg.contains("height=\"69\""))
        #expect(svg.contains("y=\"168\"") && svg.contains("height=\"23\""))
        #expect(svg.contains("<title>12-01 00:00: 30 succeeded, 10 failed, $0.500000</title>"))
        #expect(svg.contains("<polyline class=\"cost\""))
        #expect(svg.contains("$2.00</text>"), "the cost axis tops out at the largest cost rounded up")
    }

    @Test func dayBucketsAreLabelledWithTheDateAndAnEmptyChartStillDraws() {
        #expect(TimeSeriesChart.label(Self.start + 86_400_000, bucketMilliseconds: 86_400_000) == "12-02")
        #expect(TimeSeriesChart.label(Self.start + 90 * 60_000, bucketMilliseconds: 900_000) == "12-01 01:30")
        let empty = TimeSeriesChart(buckets: [], bucketMilliseconds: Self.hour).svg()
        #expect(empty.contains("</svg>"))
        #expect(!empty.contains("<polyline"))
        #expect(TimeSeriesChart.niceMaximum(0) == 1)
        #expect(TimeSeriesChart.niceMaximum(3) == 5)
        #expect(TimeSeriesChart.niceMaximum(101) == 200)
    }
}
