/// The thresholds of a sweep, written `start:stop:step` (`0:1:0.01`: 101 thresholds, both ends
/// included), each rounded to 10 decimals so `0.3` is 0.3 and not 0.30000000000000004.
public enum ThresholdRange {
    /// The most thresholds one sweep evaluates.
    public static let maxCount = 100_001

    public static func parse(_ text: String) throws(InvalidQuery) -> [Double] {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 3, let start = parts[0], let stop = parts[1], let step = parts[2],
            start.isFinite, stop.isFinite, step.isFinite
        else {
            throw InvalidQuery(parameter: "thresholds", message: "thresholds must be start:stop:step, such as 0:1:0.01, not \"\(text)\"")
        }
        guard (0...1).contains(start), (0...1).contains(stop), start <= stop else {
            throw InvalidQuery(parameter: "thresholds", message: "thresholds must lie between 0 and 1, start before stop")
        }
        guard step > 0, (stop - start) / step < Double(maxCount) else {
            throw InvalidQuery(
                parameter: "thresholds", message: "the threshold step must be above 0 and give at most \(maxCount) thresholds")
        }
        let count = Int(((stop - start) / step * 1e9).rounded(.down) / 1e9) + 1
        return (0..<count).map { index in
            min(stop, DecimalRounding.round(start + Double(index) * step, places: 10))
        }
    }
}
