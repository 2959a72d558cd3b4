import Foundation

/// How numbers are written in decision reasons.
enum ReasonFormat {
    /// A score or other fraction with 2 decimals (`0.62`).
    static func decimal(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// A count with no decimals when it is whole (`500`), else 2 decimals.
    static func count(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : decimal(value)
    }
}
