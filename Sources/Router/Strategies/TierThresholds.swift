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

    /// The tier of `score` and the comparison that decided it, e.g. `0.62 ≥ 0.55`, each pair of
    /// numbers written by `format` (``ReasonFormat/decimals(_:_:)`` or ``ReasonFormat/counts(_:_:)``).
    func classify(
        _ score: Double, format: (Double, Double) -> (score: String, cut: String)
    ) -> (tier: Tier, comparison: String) {
        func compared(_ symbol: String, _ cut: Double) -> String {
            let written = format(score, cut)
            return "\(written.score) \(symbol) \(written.cut)"
        }
        if score >= complex { return (.complex, compared("≥", complex)) }
        if score >= medium { return (.medium, compared("≥", medium)) }
        return (.simple, compared("<", medium))
    }
}
