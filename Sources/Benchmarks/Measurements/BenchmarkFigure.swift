import Foundation

/// One measured figure of a benchmark beside its target: "import ≥ 40,000 records/s".
struct BenchmarkFigure: Encodable {
    /// Whether the target is a floor (throughputs) or a ceiling (latencies, sizes).
    enum Bound: String, Encodable {
        case atLeast = "at_least"
        case atMost = "at_most"
    }

    var name: String
    var measured: Double
    var target: Double
    var bound: Bound
    var unit: String
    /// Whether `measured` is on the right side of `target`.
    var met: Bool

    init(_ name: String, _ measured: Double, _ bound: Bound, _ target: Double, unit: String) {
        self.name = name
        self.measured = measured
        self.target = target
        self.bound = bound
        self.unit = unit
        met = bound == .atLeast ? measured >= target : measured <= target
    }

    /// `≥ 40000 records/s`.
    var targetText: String { "\(bound == .atLeast ? "≥" : "≤") \(Self.number(target)) \(unit)" }

    /// `51234 records/s`.
    var measuredText: String { "\(Self.number(measured)) \(unit)" }

    /// Whole numbers from 1,000 up, two decimals from 10 (percentages), three below (milliseconds, ratios).
    static func number(_ value: Double) -> String {
        String(format: abs(value) >= 1_000 ? "%.0f" : abs(value) >= 10 ? "%.2f" : "%.3f", value)
    }
}
