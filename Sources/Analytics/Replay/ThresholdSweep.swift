import DomainEvents
import Router

/// Every threshold of a `router-<scorer>-<threshold>` strategy at once, over recorded traffic:
/// the scores of the selected requests are sorted once with each request's cost on the strong
/// and on the weak model; a threshold is then a binary search (how many score at or above it)
/// plus two prefix sums — the same totals as replaying `router-<scorer>-<threshold>`, in
/// O(log n) a threshold instead of O(n).
public struct ThresholdSweep: Sendable {
    /// One threshold's outcome.
    public struct Point: Codable, Sendable, Equatable {
        public var threshold: Double
        /// The counterfactual cost of the replayed requests (those that named their model included).
        public var costUSD: Double
        /// The routed requests sent to the strong model.
        public var strongRequests: Int
        /// ``strongRequests`` over the routed requests.
        public var strongShare: Double

        enum CodingKeys: String, CodingKey {
            case threshold
            case costUSD = "cost_usd"
            case strongRequests = "strong_requests"
            case strongShare = "strong_share"
        }
    }

    /// A threshold that sends a target share of the routed requests to the strong model.
    public struct Calibration: Codable, Sendable, Equatable {
        public var targetShare: Double
        public var threshold: Double
        /// The `model` string that routes with it.
        public var model: String
        public var strongRequests: Int
        public var strongShare: Double
        public var routedRequests: Int

        enum CodingKeys: String, CodingKey {
            case threshold, model
            case targetShare = "target_share"
            case strongRequests = "strong_requests"
            case strongShare = "strong_share"
            case routedRequests = "routed_requests"
        }
    }

    /// The strategy swept (the reference's `threshold` parameters with the scorer).
    public let strategy: ThresholdStrategy
    /// The threshold the reference configuration routes `router-…` requests of no threshold with.
    public let configuredThreshold: Double
    /// Requests the threshold decides, requests that keep their decision (they named their model),
    /// and why others could not be replayed.
    public let routed: Int
    public let kept: Int
    public let notReplayable: [String: Int]
    /// The routed requests' scores, ascending.
    private let scores: [Double]
    /// `weakCost[k]`: the cost of the `k` lowest-scored requests on the weak model.
    private let weakCost: [Double]
    /// `strongCost[k]`: the cost of the requests from the `k`-th lowest score on, on the strong model.
    private let strongCost: [Double]
    /// The cost of the requests that keep their decision.
    private let keptCost: Double

    /// The sweep of `scorer` over `rows` of `engine`, with `prices` replacing those in force.
    public init(
        engine: ReplayEngine, scorer: ThresholdScorer, rows: [Int32], prices: [String: TokenPrices] = [:]
    ) throws(InvalidQuery) {
        let reference = engine.configs.reference
        let configured = ThresholdStrategy(params: reference.routing.params(for: "threshold"))
        let strategy = configured.with(scorer: scorer, threshold: configured.threshold)
        self.strategy = strategy
        configuredThreshold = configured.threshold
        let replacement = try engine.replacementPrices(ReplayAlternative(strategy: strategy, prices: prices, summary: ""))
        let strongByCatalog = engine.catalogs.map { strategy.strongModel(in: $0).flatMap { engine.symbols.existingCode($0.name) } }
        let weakByCatalog = engine.catalogs.map { strategy.weakModel(in: $0).flatMap { engine.symbols.existingCode($0.name) } }
        var entries: [(score: Double, strong: Double, weak: Double)] = []
        entries.reserveCapacity(rows.count)
        var kept = 0
        var keptCost = 0.0
        var skipped: [String: Int] = [:]
        for code in rows {
            let row = Int(code)
            if let reason = engine.unreplayableReason(row, by: strategy) {
                skipped[reason, default: 0] += 1
                continue
            }
            if engine.isKept(row, by: strategy) {
                guard let cost = engine.cost(row, on: engine.table.chosenModel[row], replacing: replacement) else {
                    skipped["no price known for model \(engine.symbols[engine.table.chosenModel[row]])", default: 0] += 1
                    continue
                }
                kept += 1
                keptCost += cost
                continue
            }
            let catalog = engine.catalogIndex(row)
            let strong = strongByCatalog[catalog].flatMap { engine.cost(row, on: $0, replacing: replacement) }
            let weak = weakByCatalog[catalog].flatMap { engine.cost(row, on: $0, replacing: replacement) }
            guard let strong, let weak else {
                skipped["no price known for the strong or weak model", default: 0] += 1
                continue
            }
            entries.append((strategy.score(engine.table.features(row)), strong, weak))
        }
        entries.sort { $0.score < $1.score }
        var weakCost = [0.0]
        weakCost.reserveCapacity(entries.count + 1)
        for entry in entries { weakCost.append(weakCost[weakCost.count - 1] + entry.weak) }
        var strongCost = [Double](repeating: 0, count: entries.count + 1)
        for index in entries.indices.reversed() { strongCost[index] = strongCost[index + 1] + entries[index].strong }
        scores = entries.map(\.score)
        self.weakCost = weakCost
        self.strongCost = strongCost
        self.keptCost = keptCost
        self.kept = kept
        routed = entries.count
        notReplayable = skipped
    }

    /// The outcome at `threshold`: scores at or above it go to the strong model.
    public func point(at threshold: Double) -> Point {
        let firstStrong = scores.partitioningIndex { $0 >= threshold }
        let strong = routed - firstStrong
        return Point(
            threshold: threshold, costUSD: keptCost + weakCost[firstStrong] + strongCost[firstStrong],
            strongRequests: strong, strongShare: routed == 0 ? 0 : Double(strong) / Double(routed))
    }

    /// The threshold that sends the share of routed requests nearest `targetShare` (in [0, 1]) to
    /// the strong model (RouteLLM's `calibrate_threshold`): one of the recorded scores, so it
    /// lands within one request of the target unless equal scores straddle it.
    public func calibrate(strongShare targetShare: Double) -> Calibration {
        let target = targetShare * Double(routed)
        var best: (firstStrong: Int, threshold: Double)?
        func consider(_ firstStrong: Int, _ threshold: Double) {
            guard let current = best else { best = (firstStrong, threshold); return }
            let distance = abs(Double(routed - firstStrong) - target)
            if distance < abs(Double(routed - current.firstStrong) - target) { best = (firstStrong, threshold) }
        }
        for index in scores.indices where index == 0 || scores[index - 1] < scores[index] {
            consider(index, scores[index])
        }
        if let highest = scores.last, highest < 1 { consider(routed, 1) }
        let chosen = best ?? (0, configuredThreshold)
        let strong = routed - chosen.firstStrong
        return Calibration(
            targetShare: targetShare, threshold: chosen.threshold,
            model: strategy.with(scorer: strategy.scorer, threshold: chosen.threshold).modelName, strongRequests: strong,
            strongShare: routed == 0 ? 0 : Double(strong) / Double(routed), routedRequests: routed)
    }
}
