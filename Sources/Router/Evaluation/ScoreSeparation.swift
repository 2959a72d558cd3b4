/// How well a score separates two groups of records.
enum ScoreSeparation {
    /// The probability that a random positive scores higher than a random negative, ties counting
    /// half (the area under the ROC curve); nil unless there are both.
    ///
    /// By ranks (Mann–Whitney U) in O(n log n): with ranks 1…n in ascending score and tied scores
    /// sharing their mean rank, AUROC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋), R₊ being the positives' rank
    /// sum. Doubled rank sums keep the arithmetic in integers until the one division.
    static func auroc(_ scored: [(score: Double, positive: Bool)]) -> Double? {
        let positives = scored.count(where: \.positive)
        let negatives = scored.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let sorted = scored.sorted { $0.score < $1.score }
        var doubledRankSum = 0
        var start = 0
        while start < sorted.count {
            var end = start
            while end < sorted.count && sorted[end].score == sorted[start].score { end += 1 }
            // Ranks start + 1 … end share the mean rank (start + 1 + end) / 2.
            doubledRankSum += (start + 1 + end) * sorted[start..<end].count(where: \.positive)
            start = end
        }
        let doubledU = doubledRankSum - positives * (positives + 1)
        return Double(doubledU) / Double(2 * positives * negatives)
    }
}
