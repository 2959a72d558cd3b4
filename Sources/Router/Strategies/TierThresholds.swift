/// Two ascending cut points that split a score into simple < medium ≤ … < complex ≤ ….
///
/// A score equal to a cut point belongs to the higher tier.
public struct TierThresholds: Sendable, Equatable {
    /// The lowest score routed to the medium tier.
    public var medium: Double
    /// The lowest score routed to the complex tier.
    public var complex: Double

    /// The built-in cut points of the `complexity` and `latency` strategies, calibrated by
    /// `routeledger-train` on the evaluation set's dev split: the best tier accuracy of the dev
    /// requests' out-of-fold scores with at most 5 % of complex requests routed to simple
    /// (0.2162 and 0.69525; the medium cut rounded down, so no more complex requests go to simple).
    public static let builtIn = TierThresholds(medium: 0.21, complex: 0.7)

    /// Cut points `medium` ≤ `complex`.
    public init(medium: Double, complex: Double) {
        self.medium = medium
        self.complex = complex
    }

    /// The tier of `score`.
    func tier(of score: Double) -> Tier {
        score >= complex ? .complex : score >= medium ? .medium : .simple
    }

    /// The comparison that puts `score` in its tier, e.g. `0.62 ≥ 0.55`, each pair of numbers
    /// written by `format` (``ReasonFormat/decimals(_:_:)`` or ``ReasonFormat/counts(_:_:)``).
    func comparison(_ score: Double, format: (Double, Double) -> (score: String, cut: String)) -> String {
        func compared(_ symbol: String, _ cut: Double) -> String {
            let written = format(score, cut)
            return "\(written.score) \(symbol) \(written.cut)"
        }
        switch tier(of: score) {
        case .complex: return compared("≥", complex)
        case .medium: return compared("≥", medium)
        case .simple: return compared("<", medium)
        }
    }

    /// The route of `score`: its tier and the tier's first chat model in `catalog`.
    func route(_ score: Double, in catalog: ModelCatalog) -> StrategyRoute {
        StrategyRoute(firstOf: tier(of: score), in: catalog)
    }
}
