import Foundation

/// Requests and cost over time as an SVG chart drawn by the server (the console's overview):
/// one stacked bar per time bucket (succeeded, failed) against the left axis and the cost as a
/// line against the right one. Its size follows the number of buckets, never the requests.
public struct TimeSeriesChart: Sendable {
    /// One time bucket.
    public struct Bucket: Sendable, Equatable {
        /// The bucket's start, Unix ms.
        public var start: Int64
        public var succeeded: Int
        public var failed: Int
        public var costUSD: Double

        public init(start: Int64, succeeded: Int, failed: Int, costUSD: Double) {
            self.start = start
            self.succeeded = succeeded
            self.failed = failed
            self.costUSD = costUSD
        }
    }

    public var buckets: [Bucket]
    /// The bucket width, ms (labels show dates for day-wide buckets, times otherwise).
    public var bucketMilliseconds: Int64
    public var width = 960
    public var height = 300

    public static let succeededColor = "#3b6fb6"
    public static let failedColor = "#c0392b"
    public static let costColor = "#e08e0b"
    static let margins = (top: 30.0, right: 70.0, bottom: 40.0, left: 56.0)

    public init(buckets: [Bucket], bucketMilliseconds: Int64) {
        self.buckets = buckets
        self.bucketMilliseconds = bucketMilliseconds
    }

    /// The chart as an `<svg>` element for inlining in a page (no XML declaration). Every text in
    /// it is a number or a date this function formats, so nothing in it comes from a request.
    public func svg() -> String {
        let margins = Self.margins
        let left = margins.left, top = margins.top
        let right = Double(width) - margins.right, bottom = Double(height) - margins.bottom
        let plotWidth = right - left, plotHeight = bottom - top
        let callsAxis = Self.niceMaximum(Double(buckets.map { $0.succeeded + $0.failed }.max() ?? 0))
        let costAxis = Self.niceMaximum(buckets.map(\.costUSD).max() ?? 0)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="series-chart" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="11" role="img" \
            aria-label="requests and cost per bucket">

            """
        func y(_ fraction: Double) -> Double { bottom - fraction * plotHeight }
        for step in 0...4 {
            let fraction = Double(step) / 4
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y(fraction)))\" x2=\"\(number(right))\" "
            svg += "y2=\"\(number(y(fraction)))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(fraction) + 4))\" text-anchor=\"end\">"
            svg += "\(Self.count(callsAxis * fraction))</text>\n"
            svg += "<text x=\"\(number(right + 6))\" y=\"\(number(y(fraction) + 4))\" text-anchor=\"start\" "
            svg += "fill=\"\(Self.costColor)\">$\(fixed(costAxis * fraction, places: costAxis < 0.1 ? 4 : 2))</text>\n"
        }
        let slot = buckets.isEmpty ? plotWidth : plotWidth / Double(buckets.count)
        let barWidth = max(1, slot * 0.8)
        var costPoints: [String] = []
        let labelEvery = max(1, buckets.count / 8)
        for (index, bucket) in buckets.enumerated() {
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            let succeededHeight = callsAxis == 0 ? 0 : Double(bucket.succeeded) / callsAxis * plotHeight
            let failedHeight = callsAxis == 0 ? 0 : Double(bucket.failed) / callsAxis * plotHeight
            let label = Self.label(bucket.start, bucketMilliseconds: bucketMilliseconds)
            svg += "<g class=\"bucket\" data-start=\"\(bucket.start)\"><title>\(label): \(bucket.succeeded) succeeded, "
            svg += "\(bucket.failed) failed, $\(fixed(bucket.costUSD, places: 6))</title>"
            svg += "<rect x=\"\(number(x))\" y=\"\(number(bottom - succeededHeight))\" width=\"\(number(barWidth))\" "
            svg += "height=\"\(number(succeededHeight))\" fill=\"\(Self.succeededColor)\"/>"
            svg += "<rect x=\"\(number(x))\" y=\"\(number(bottom - succeededHeight - failedHeight))\" "
            svg += "width=\"\(number(barWidth))\" height=\"\(number(failedHeight))\" fill=\"\(Self.failedColor)\"/></g>\n"
            costPoints.append("\(number(x + barWidth / 2)),\(number(y(costAxis == 0 ? 0 : bucket.costUSD / costAxis)))")
            if index % labelEvery == 0 {
                svg += "<text x=\"\(number(x + barWidth / 2))\" y=\"\(number(bottom + 16))\" text-anchor=\"middle\">"
                svg += "\(label)</text>\n"
            }
        }
        if !costPoints.isEmpty {
            svg += "<polyline class=\"cost\" points=\"\(costPoints.joined(separator: " "))\" fill=\"none\" "
            svg += "stroke=\"\(Self.costColor)\" stroke-width=\"2\"/>\n"
        }
        svg += "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" "
        svg += "height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#999\"/>\n"
        svg += "<text x=\"\(number(left))\" y=\"16\" fill=\"\(Self.succeededColor)\">■ succeeded</text>"
        svg += "<text x=\"\(number(left + 90))\" y=\"16\" fill=\"\(Self.failedColor)\">■ failed</text>"
        svg += "<text x=\"\(number(left + 160))\" y=\"16\" fill=\"\(Self.costColor)\">— cost (USD, right axis)</text>\n"
        svg += "</svg>"
        return svg
    }

    /// 0…`value` rounded up to 1, 2 or 5 times a power of ten (1 when `value` is 0).
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, (log10(value)).rounded(.down))
        let mantissa = [1.0, 2, 5, 10].first { $0 * magnitude >= value * (1 - 1e-9) } ?? 10
        return mantissa * magnitude
    }

    private static func count(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : fixed(value, places: 1)
    }

    /// `start` as `MM-dd` for day-wide buckets, `MM-dd HH:mm` otherwise (UTC).
    static func label(_ start: Int64, bucketMilliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(start) / 1_000)
        let parts = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC")!, from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        let day = "\(two(parts.month))-\(two(parts.day))"
        return bucketMilliseconds % 86_400_000 == 0 ? day : "\(day) \(two(parts.hour)):\(two(parts.minute))"
    }
}
