import Foundation

extension Double {
    /// The value rounded to `places` decimal places (halves away from zero), as the generated
    /// traffic and the benchmarks' figures are.
    public func rounded(to places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
