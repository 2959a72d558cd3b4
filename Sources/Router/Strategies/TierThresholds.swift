/// Two ascending cut points that split a score into simple < medium ≤ … < complex ≤ ….
///
/// A score equal to a cut point belongs to the higher tier.
public struct TierThresholds: Sendable, Equatable {
    /// The lowest score routed to the medium tier.
    public var medium: Double
    /// The lowest score routed to the complex tier.
    public var complex: Double

    /// Cut points `medium` ≤ `complex`.
    public init(medium: Double, complex: Double) {
        self.medium = medium
        self.complex = complex
    }

    /// The tier of `score` and the comparison that decided it, e.g. `0.62 ≥ 0.55`.
    func classify(_ score: Double, format: (Double) -> String) -> (tier: Tier, comparison: String) {
        if score >= complex { return (.complex, "\(format(score)) ≥ \(format(complex))") }
        if score >= medium { return (.medium, "\(format(score)) ≥ \(format(medium))") }
        return (.simple, "\(format(score)) < \(format(medium))")
    }
}
