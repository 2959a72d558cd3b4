import ArgumentParser
import Router

/// The `--scorer` option `sweep` and `calibrate` share.
struct ScorerOption: ParsableArguments {
    @Option(help: "The scorer: complexity, nvidia, token-length or random.")
    var scorer = "complexity"

    /// The scorer named; an unknown one is a one-line error.
    func parsed() throws -> ThresholdScorer {
        guard let known = ThresholdScorer(rawValue: scorer) else {
            throw CommandLineInputError(
                message: "unknown scorer \"\(scorer)\" (expected one of: \(ThresholdScorer.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return known
    }
}
