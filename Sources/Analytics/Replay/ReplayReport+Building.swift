import Router

/// What an example shows that the replay table does not hold: read from the projection store and
/// the ledger for the few examples only.
public struct ReplayExampleDetails: Sendable, Equatable {
    public var requestID: String
    /// The recorded decision's reason.
    public var reason: String
    public var promptExcerpt: String?

    public init(requestID: String, reason: String, promptExcerpt: String?) {
        self.requestID = requestID
        self.reason = reason
        self.promptExcerpt = promptExcerpt
    }
}

extension ReplayReport {
    /// The report of `run`, a replay of `engine` under `alternative`. `details` gives the examples'
    /// ids, recorded reasons and prompts by completion seq; `feedback` is the feedback recorded on
    /// ended requests (``ProjectionStore/feedbackOnEndedRequests()``).
    public init(
        run: ReplayRun, engine: ReplayEngine, alternative: ReplayAlternative, selection: ReplaySelection,
        examples exampleCount: Int, details: ([Int64]) async throws -> [Int64: ReplayExampleDetails],
        feedback: [(completionSeq: Int64, entry: FeedbackEntry)] = []
    ) async rethrows {
        let table = engine.table
        let symbols = engine.symbols
        var actual = SideTotals()
        var counterfactual = SideTotals()
        var counts = Counts(selected: run.rows.count, replayed: 0, decidedAgain: 0, kept: 0, notReplayable: run.notReplayable)
        var changedCount = 0
        var failed = 0
        var unestimated: [Int32: Int] = [:]
        var best = TopChanges(limit: exampleCount)
        var replayedRow = [Bool](repeating: false, count: table.count)
        for index in run.rows.indices where run.kind[index] != .notReplayable {
            let row = Int(run.rows[index])
            replayedRow[row] = true
            counts.replayed += 1
            if run.kind[index] == .decided { counts.decidedAgain += 1 } else { counts.kept += 1 }
            let changed = run.isChanged(index, in: table)
            if changed {
                changedCount += 1
                best.offer(index: index, delta: run.cost[index] - table.cost[row])
            }
            let observed = table.latency[row]
            actual.add(model: table.chosenModel[row], tier: table.tier[row], cost: table.cost[row], latency: observed.isNaN ? nil : observed)
            var estimate: Double? = observed.isNaN ? nil : observed
            if !table.succeeded[row] {
                failed += 1
            } else if changed {
                estimate = engine.latencies.estimate(
                    row: row, on: run.model[index], servedBy: table.servedModel[row], observed: observed)
                if estimate == nil { unestimated[run.model[index], default: 0] += 1 }
            }
            counterfactual.add(model: run.model[index], tier: run.tier[index], cost: run.cost[index], latency: estimate)
        }
        let names = { (code: Int32) in code == ReplayTable.none ? "" : symbols[code] }
        let models = Set(actual.models.keys).union(counterfactual.models.keys)
        let tiers = Set(actual.tiers.keys).union(counterfactual.tiers.keys)
        self.actual = actual.side(replayed: counts.replayed, models: models, tiers: tiers, name: names)
        self.counterfactual = counterfactual.side(replayed: counts.replayed, models: models, tiers: tiers, name: names)
        self.alternative = alternative.summary
        self.selection = selection.summary
        requests = counts
        changed = Changed(count: changedCount, share: counts.replayed == 0 ? 0 : Double(changedCount) / Double(counts.replayed))
        costDeltaUSD = self.counterfactual.costUSD - self.actual.costUSD

        let chosen = best.indices
        let found = try await details(chosen.map { table.completionSeq[Int(run.rows[$0])] })
        examples = chosen.compactMap { index in
            let row = Int(run.rows[index])
            guard let detail = found[table.completionSeq[row]] else { return nil }
            let reason = alternative.strategy.map { engine.choice(row, by: $0).reason } ?? detail.reason
            return Example(
                requestID: detail.requestID, receivedAt: RecordTimestamp.format(table.receivedAt[row]),
                promptExcerpt: detail.promptExcerpt,
                actual: Decision(model: names(table.chosenModel[row]), tier: names(table.tier[row]), reason: detail.reason, costUSD: table.cost[row]),
                counterfactual: Decision(model: names(run.model[index]), tier: names(run.tier[index]), reason: reason, costUSD: run.cost[index]),
                costDeltaUSD: run.cost[index] - table.cost[row])
        }
        self.feedback = Self.feedbackShift(
            feedback, table: table, replayed: replayedRow, actual: self.actual, counterfactual: self.counterfactual, name: names)
        assumptions = Self.assumptions(
            run: run, engine: engine, alternative: alternative, counts: counts, failed: failed,
            unestimated: unestimated.sorted { $0.key < $1.key }.map { (names($0.key), $0.value) })
    }

    /// Observed feedback per answering model over the replayed requests; nil when there is none.
    private static func feedbackShift(
        _ feedback: [(completionSeq: Int64, entry: FeedbackEntry)], table: ReplayTable, replayed: [Bool], actual: Side,
        counterfactual: Side, name: (Int32) -> String
    ) -> FeedbackShift? {
        var byModel: [String: (count: Int, scores: Int, total: Double, labels: [String: Int])] = [:]
        for (seq, entry) in feedback {
            guard let row = Self.row(of: seq, in: table.completionSeq), replayed[row] else { continue }
            let served = table.servedModel[row]
            let model = name(served == ReplayTable.none ? table.chosenModel[row] : served)
            var totals = byModel[model] ?? (0, 0, 0, [:])
            totals.count += 1
            if let score = entry.score {
                totals.scores += 1
                totals.total += score
            }
            if let label = entry.label { totals.labels[label, default: 0] += 1 }
            byModel[model] = totals
        }
        guard !byModel.isEmpty else { return nil }
        return FeedbackShift(
            note: "observational estimate: the mean feedback of the requests each model answered, next to how the "
                + "alternative moves traffic; it is not a controlled comparison, and the requests moved may differ "
                + "from those the model answered",
            models: byModel.sorted { $0.key < $1.key }.map { model, totals in
                ModelFeedback(
                    model: model, feedbackCount: totals.count,
                    meanScore: totals.scores == 0 ? nil : totals.total / Double(totals.scores), labels: totals.labels,
                    actualShare: actual.modelShare[model] ?? 0, counterfactualShare: counterfactual.modelShare[model] ?? 0)
            })
    }

    /// The row whose completion seq is `seq` (rows are in completion seq order).
    private static func row(of seq: Int64, in seqs: [Int64]) -> Int? {
        let index = seqs.partitioningIndex { $0 >= seq }
        return index < seqs.count && seqs[index] == seq ? index : nil
    }

    private static func assumptions(
        run: ReplayRun, engine: ReplayEngine, alternative: ReplayAlternative, counts: Counts, failed: Int,
        unestimated: [(String, Int)]
    ) -> [String] {
        var lines = [
            "Output tokens are assumed equal to those observed, and input tokens equal to those counted, whichever model a request goes to.",
            "Decisions are compared by the model chosen, before any failover; a request whose decision does not change keeps its recorded cost"
                + (alternative.prices.isEmpty ? "." : " (repriced when its answering model's prices are replaced)."),
            alternative.prices.isEmpty
                ? "A moved request is priced at its new model's prices in force under the configuration it was decided under."
                : "Prices of " + alternative.prices.keys.sorted().joined(separator: ", ")
                    + " are replaced; other models keep the prices in force under each request's configuration.",
            "Parameters not given are those of \(engine.configs.referenceSource); each request is decided with the catalog of "
                + "the configuration it was decided under (the reference's when that was not recorded, as for imports).",
            "A moved request's latency is estimated as its new model's observed latency at the percentile the request had on "
                + "the model that answered it.",
        ]
        if alternative.strategy != nil && counts.kept > 0 {
            lines.append("\(counts.kept) requests named their model and keep it: the gateway does not route such requests.")
        }
        if let strategy = alternative.strategy, strategy.inputs.contains(.latencies) {
            lines.append(
                "The latency strategy decides from each request's recorded latency snapshot, or else from each model's "
                    + "observed median latency over the whole ledger.")
        }
        if failed > 0 {
            lines.append("\(failed) failed requests cost nothing in either case and are left out of the latency estimates.")
        }
        if !unestimated.isEmpty {
            let listed = unestimated.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
            lines.append("Moved requests to models with no observed latency are left out of the counterfactual latency: \(listed).")
        }
        let skipped = run.notReplayable.values.reduce(0, +)
        if skipped > 0 {
            let listed = run.notReplayable.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            lines.append("\(skipped) requests could not be replayed and are left out of every total: \(listed).")
        }
        return lines
    }
}

/// Running totals of one side of a report.
private struct SideTotals {
    var cost = 0.0
    var models: [Int32: Int] = [:]
    var tiers: [Int32: Int] = [:]
    var latency = LatencyHistogram()

    mutating func add(model: Int32, tier: Int32, cost: Double, latency: Double?) {
        self.cost += cost
        models[model, default: 0] += 1
        tiers[tier, default: 0] += 1
        if let latency { self.latency.record(milliseconds: latency) }
    }

    func side(replayed: Int, models keys: Set<Int32>, tiers tierKeys: Set<Int32>, name: (Int32) -> String) -> ReplayReport.Side {
        let total = Double(max(replayed, 1))
        return ReplayReport.Side(
            costUSD: cost, costPer1KRequestsUSD: replayed == 0 ? 0 : cost / Double(replayed) * 1_000,
            modelShare: Dictionary(keys.map { (name($0), Double(models[$0] ?? 0) / total) }, uniquingKeysWith: +),
            tierShare: Dictionary(tierKeys.map { (name($0), Double(tiers[$0] ?? 0) / total) }, uniquingKeysWith: +),
            latencyMs: ReplayReport.LatencyEstimate(
                p50: latency.milliseconds(atPercentile: 50), p95: latency.milliseconds(atPercentile: 95),
                requests: Int(latency.count)))
    }
}

/// The `limit` changed decisions with the largest cost change, ties to the earlier request.
private struct TopChanges {
    let limit: Int
    private(set) var entries: [(index: Int, delta: Double)] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func offer(index: Int, delta: Double) {
        guard limit > 0 else { return }
        if entries.count == limit, let last = entries.last, abs(delta) <= abs(last.delta) { return }
        let position = entries.firstIndex { abs(delta) > abs($0.delta) } ?? entries.count
        entries.insert((index, delta), at: position)
        if entries.count > limit { entries.removeLast() }
    }

    var indices: [Int] { entries.map(\.index) }
}
