import Analytics
import Foundation
import Hummingbird

/// The overview's time choices: the chart's bucket widths (whole multiples of the stats rollups'
/// 15 minutes, so each bucket adds up whole rollup cells), the preset ranges, and the default
/// chart range when the filter leaves one end open.
enum ConsoleTimeRange {
    struct Bucket: Sendable {
        var name: String
        var label: String
        var milliseconds: Int64
    }

    static let bucketChoices = [
        Bucket(name: "", label: "automatic", milliseconds: 0),
        Bucket(name: "15m", label: "15 minutes", milliseconds: 900_000),
        Bucket(name: "1h", label: "1 hour", milliseconds: 3_600_000),
        Bucket(name: "4h", label: "4 hours", milliseconds: 14_400_000),
        Bucket(name: "1d", label: "1 day", milliseconds: 86_400_000),
    ]

    /// The preset ranges, ending now.
    static let presets: [(label: String, milliseconds: Int64)] = [
        ("hour", 3_600_000), ("24 hours", 86_400_000), ("7 days", 7 * 86_400_000), ("30 days", 30 * 86_400_000),
        ("year", 365 * 86_400_000),
    ]

    /// The chart's range when the filter does not bound it: the 24 hours before `until` (or now).
    static let defaultChartSpan: Int64 = 86_400_000

    /// The bucket named `name`, or for `""` the narrowest that draws `span` in at most 120 bars.
    static func bucket(named name: String, span: Int64) throws(InvalidQuery) -> Bucket {
        if name.isEmpty {
            return bucketChoices.dropFirst().first { span / $0.milliseconds <= 120 } ?? bucketChoices[bucketChoices.count - 1]
        }
        guard let bucket = bucketChoices.dropFirst().first(where: { $0.name == name }) else {
            throw InvalidQuery(
                parameter: "bucket",
                message: "bucket must be one of \(bucketChoices.dropFirst().map(\.name).joined(separator: ", ")), not \"\(name)\"")
        }
        return bucket
    }

    /// A query parameter's text; nil when absent or empty (an empty form field means no filter).
    static func parameter(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[Substring(name)].map(String.init), !value.isEmpty else { return nil }
        return value
    }
}
