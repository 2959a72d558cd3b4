/// What a strategy reads of a request besides the catalog, so a replay can tell when a recorded
/// request lacks it (an imported record without a token count, a decision recorded before
/// fingerprints existed) and count that request as not replayable instead of guessing.
public struct StrategyInputs: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The prompt's token count.
    public static let tokenCount = StrategyInputs(rawValue: 1 << 0)
    /// The classifier's complexity score.
    public static let complexityScore = StrategyInputs(rawValue: 1 << 1)
    /// The prompt's fingerprint (the `random` threshold scorer).
    public static let promptFingerprint = StrategyInputs(rawValue: 1 << 2)
    /// Observed model latencies (the `latency` strategy).
    public static let latencies = StrategyInputs(rawValue: 1 << 3)

    /// Each input by the name its recorded feature has in `routing.decided` (`token_count`, …).
    public static let recordedNames: [(input: StrategyInputs, name: String)] = [
        (.tokenCount, "token_count"), (.complexityScore, "complexity_score"),
        (.promptFingerprint, "prompt_fingerprint"), (.latencies, "latency_snapshot"),
    ]

    /// The inputs named by recorded feature names; unknown names are ignored.
    public init(recordedNames names: some Sequence<String>) {
        self = []
        for name in names {
            if let known = Self.recordedNames.first(where: { $0.name == name }) { insert(known.input) }
        }
    }

    /// The recorded feature names of these inputs, in a fixed order.
    public var names: [String] {
        Self.recordedNames.filter { contains($0.input) }.map(\.name)
    }
}
