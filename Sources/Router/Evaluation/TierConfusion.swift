/// The tier confusion matrix: how many records labelled with each tier were routed to each tier.
public struct TierConfusion: Encodable, Sendable, Equatable {
    /// The row and column order: simple, medium, complex.
    public var tiers: [Tier]
    /// `counts[labelled][routed]`, indexed in the order of ``tiers``.
    public var counts: [[Int]]

    /// The matrix of `outcomes`.
    public init(outcomes: [EvaluationOutcome]) {
        tiers = Tier.allCases
        counts = Array(repeating: Array(repeating: 0, count: tiers.count), count: tiers.count)
        for outcome in outcomes {
            counts[Self.index(outcome.tier)][Self.index(outcome.predictedTier)] += 1
        }
    }

    /// Records labelled `labelled` and routed to `routed`.
    public func count(labelled: Tier, routed: Tier) -> Int {
        counts[Self.index(labelled)][Self.index(routed)]
    }

    /// Records labelled `tier`, whatever they were routed to.
    public func total(labelled tier: Tier) -> Int {
        counts[Self.index(tier)].reduce(0, +)
    }

    /// Records on the diagonal.
    public var correct: Int {
        tiers.indices.reduce(0) { $0 + counts[$1][$1] }
    }

    private static func index(_ tier: Tier) -> Int {
        Tier.allCases.firstIndex(of: tier)!
    }
}
