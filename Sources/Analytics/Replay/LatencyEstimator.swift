/// Estimates the latency a request would have had on another model from each model's observed
/// latencies: the request keeps its percentile — a request at its model's p90 is estimated at the
/// target model's p90 — so the estimate keeps the shape of what was observed and needs no guess
/// of a latency model.
struct LatencyEstimator: Sendable {
    /// Each model's observed latencies (succeeded requests, ms), ascending, by model code.
    private var sortedByModel: [Int32: [Double]] = [:]
    /// Each row's percentile (0 ..< 1) among its model's latencies; NaN for a failed request.
    private(set) var rank: [Float]

    /// The estimator of every succeeded row of `table`.
    init(_ table: ReplayTable) {
        var byModel: [Int32: [Double]] = [:]
        for row in 0..<table.count where table.succeeded[row] && table.latency[row].isFinite {
            byModel[table.servedModel[row], default: []].append(table.latency[row])
        }
        for model in byModel.keys { byModel[model]!.sort() }
        sortedByModel = byModel
        rank = [Float](repeating: .nan, count: table.count)
        for row in 0..<table.count where table.succeeded[row] && table.latency[row].isFinite {
            guard let sorted = byModel[table.servedModel[row]] else { continue }
            // The middle of the run of equal values, so ties share one percentile.
            let below = sorted.partitioningIndex { $0 >= table.latency[row] }
            let through = sorted.partitioningIndex { $0 > table.latency[row] }
            rank[row] = Float((Double(below) + Double(through)) / 2 / Double(sorted.count))
        }
    }

    /// The median observed latency of each model with observations, by code.
    var medians: [Int32: Double] {
        sortedByModel.mapValues { $0[$0.count / 2] }
    }

    /// The estimated latency of `row` on `model`: its observed latency when `model` answered it,
    /// else `model`'s observed latency at the row's percentile; nil when the row failed or `model`
    /// has no observations.
    func estimate(row: Int, on model: Int32, servedBy served: Int32, observed: Double) -> Double? {
        let rank = rank[row]
        guard !rank.isNaN else { return nil }
        if model == served { return observed }
        guard let sorted = sortedByModel[model], !sorted.isEmpty else { return nil }
        return sorted[min(sorted.count - 1, Int(Double(rank) * Double(sorted.count)))]
    }
}
