/// The pair of thresholds on the complexity score that routes the most records to their labelled
/// tier: what the score could reach with the best cut points (score ≥ `complex` → complex,
/// ≥ `medium` → medium, else simple).
public struct ThresholdFit: Encodable, Sendable, Equatable {
    /// The lowest score routed to medium.
    public var medium: Double
    /// The lowest score routed to complex (≥ ``medium``).
    public var complex: Double
    /// Records routed to their labelled tier by these thresholds.
    public var correct: Int
    /// `correct / count`, rounded to 4 decimals.
    public var tierAccuracy: Double
    /// The share of complex records these thresholds send to simple, rounded to 4 decimals; nil
    /// when no record is labelled complex.
    public var complexRoutedToSimple: Double?

    /// A fit from its parts.
    public init(medium: Double, complex: Double, correct: Int, tierAccuracy: Double, complexRoutedToSimple: Double?) {
        self.medium = medium
        self.complex = complex
        self.correct = correct
        self.tierAccuracy = tierAccuracy
        self.complexRoutedToSimple = complexRoutedToSimple
    }

    /// The best pair for `outcomes`; nil when there are none.
    ///
    /// Every pair of cuts among the d distinct scores is tried — below all of them (the lowest
    /// score), midway between neighbours, or above all of them (1, or just above a highest score
    /// of 1 or more) — each pair's hits read from prefix sums of the tier counts in O(1), so O(d²)
    /// in all. Among equally accurate pairs the lowest medium threshold wins, then the lowest
    /// complex one; the lowest medium threshold is also the one sending the fewest complex records
    /// to simple, since only records below it are sent there.
    ///
    /// With `maximumComplexToSimple`, only pairs sending at most that share of complex records to
    /// simple are tried (the costly mistake, capped as an operator would): how the built-in
    /// thresholds were calibrated.
    public static func best(_ outcomes: [EvaluationOutcome], maximumComplexToSimple: Double = 1) -> ThresholdFit? {
        guard !outcomes.isEmpty else { return nil }
        var scores: [Double] = []
        var prefix: [[Int]] = [[0, 0, 0]]  // prefix[k][tier]: records of each tier among the k lowest scores
        for outcome in outcomes.sorted(by: { $0.score < $1.score }) {
            if scores.last != outcome.score {
                scores.append(outcome.score)
                prefix.append(prefix[prefix.count - 1])
            }
            prefix[prefix.count - 1][Tier.allCases.firstIndex(of: outcome.tier)!] += 1
        }
        let distinct = scores.count
        let complexTotal = prefix[distinct][2]
        var best = (correct: -1, medium: 0, complex: 0)
        for medium in 0...distinct
        where complexTotal == 0 || Double(prefix[medium][2]) <= maximumComplexToSimple * Double(complexTotal) {
            for complex in medium...distinct {
                let correct = prefix[medium][0] + (prefix[complex][1] - prefix[medium][1]) + (complexTotal - prefix[complex][2])
                if correct > best.correct { best = (correct, medium, complex) }
            }
        }
        guard best.correct >= 0 else { return nil }
        func cut(_ k: Int) -> Double {
            if k == 0 { return scores[0] }
            if k == distinct { return scores[k - 1] < 1 ? 1 : scores[k - 1].nextUp }
            return midway(scores[k - 1], scores[k])
        }
        return ThresholdFit(
            medium: cut(best.medium), complex: cut(best.complex), correct: best.correct,
            tierAccuracy: RoutingEvaluation.fraction(best.correct, of: outcomes.count) ?? 0,
            complexRoutedToSimple: RoutingEvaluation.fraction(prefix[best.medium][2], of: complexTotal))
    }

    /// Halfway between `low` and `high`, to 6 decimals when that stays strictly between them (a
    /// threshold to copy into a configuration), else exactly; `high` when no double lies between.
    private static func midway(_ low: Double, _ high: Double) -> Double {
        let middle = (low + high) / 2
        guard low < middle else { return high }
        let short = (middle * 1e6).rounded() / 1e6
        return low < short && short < high ? short : middle
    }

    enum CodingKeys: String, CodingKey {
        case medium = "medium_threshold"
        case complex = "complex_threshold"
        case correct
        case tierAccuracy = "tier_accuracy"
        case complexRoutedToSimple = "complex_routed_to_simple"
    }
}
