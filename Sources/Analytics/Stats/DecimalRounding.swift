import Foundation

/// Rounding to a number of decimals, as Python's `round(value, places)` does (llm-compass's
/// rounding, which `/stats` keeps): to the nearest decimal of the exact binary value, ties to
/// even. glibc's `printf` rounds the same exact value the same way, and the shortest double of
/// that decimal is Python's result.
public enum DecimalRounding {
    /// `value` rounded to `places` decimals; infinities and NaN as they are.
    public static func round(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return value }
        return Double(String(format: "%.\(places)f", value)) ?? value
    }
}
