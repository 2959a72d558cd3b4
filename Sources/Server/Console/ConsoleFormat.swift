import Analytics
import CanonicalJSON
import Foundation

/// How the console shows numbers and times to people (the exact values ride along in `data-value`
/// attributes, as the JSON endpoints give them).
enum ConsoleFormat {
    /// `12.34 ms`, `1.23 s` from 1,000 ms.
    static func milliseconds(_ value: Double) -> String {
        value >= 1_000 ? String(format: "%.2f s", value / 1_000) : String(format: "%.2f ms", value)
    }

    /// `$0.001234`: six decimals below a dollar, two above.
    static func dollars(_ value: Double) -> String {
        abs(value) >= 1 ? String(format: "$%.2f", value) : String(format: "$%.6f", value)
    }

    /// `92.31 %` of a 0…1 share.
    static func percent(_ share: Double) -> String {
        String(format: "%.2f %%", share * 100)
    }

    /// A whole number with thousands separators (`1,234,567`).
    static func count(_ value: Int) -> String {
        var digits = String(abs(value))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (value < 0 ? "-" : "") + digits + grouped
    }

    /// A Unix-ms time as the raw records show it (`2026-12-02T10:17:09.123Z`).
    static func time(_ milliseconds: Int64) -> String {
        RecordTimestamp.format(milliseconds)
    }

    /// A double as JSON writes it (the shortest text that reads back as the same number).
    static func exact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension ConsoleFormat {
    /// A JSON value as text: compact with sorted keys, or indented for reading.
    static func json(_ value: JSONValue, pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
