import Router

/// One selected request of a replay, both ways: what the CSV form of `routeledger replay` lists.
public struct ReplayOutcome: Sendable, Equatable {
    public var requestID: String
    public var receivedAt: Int64
    public var succeeded: Bool
    public var kind: ReplayRun.Kind
    public var actualModel: String
    public var actualTier: String
    public var actualCostUSD: Double
    public var actualReason: String
    /// Empty when not replayable.
    public var counterfactualModel: String
    public var counterfactualTier: String
    public var counterfactualCostUSD: Double
    public var counterfactualReason: String
    public var changed: Bool
    /// The observed latency, or for a moved request its estimate; nil when failed or unknown.
    public var estimatedLatencyMs: Double?

    /// The projection store lost requests the replay had selected while they were being listed
    /// (a `rebuild` dropped its rows meanwhile): the listing would be incomplete.
    public struct StoreChanged: Error, Equatable, CustomStringConvertible {
        /// How many selected requests were not listed.
        public var unlisted: Int

        /// The error for `unlisted` requests not listed.
        public init(unlisted: Int) {
            self.unlisted = unlisted
        }

        public var description: String {
            "the projection was rebuilt while the replay was listed (\(unlisted) selected requests are missing "
                + "from it); run the replay again"
        }
    }
}

extension StatsProjector {
    /// Calls `body` with every selected request of the replay `spec` asks for, in the order
    /// requests ended. Throws ``InvalidQuery`` as ``replay(_:progress:)`` does, and
    /// ``ReplayOutcome/StoreChanged`` after the last request it could list when the projection
    /// store no longer holds every selected request.
    ///
    /// Like ``replay(_:progress:)``, it holds the projector only while loading the engine.
    public nonisolated func replayOutcomes(_ spec: ReplaySpec, _ body: (ReplayOutcome) throws -> Void) async throws {
        let engine = try await replayEngine()
        let alternative = try ReplayAlternative.resolve(spec, configs: engine.configs)
        let run = try engine.run(alternative, selection: spec.selection)
        let table = engine.table
        let names = { (code: Int32) in code == ReplayTable.none ? "" : engine.symbols[code] }
        var index = 0
        try store.forEachRequest(afterCompletionSeq: 0) { request in
            guard index < run.rows.count, table.completionSeq[Int(run.rows[index])] == request.completionSeq else { return }
            let row = Int(run.rows[index])
            let replayed = run.kind[index] != .notReplayable
            let changed = run.isChanged(index, in: table)
            var reason = request.decision?.reason ?? ""
            if replayed, run.kind[index] == .decided, let strategy = alternative.strategy {
                reason = engine.choice(row, by: strategy).reason
            } else if !replayed {
                reason = engine.unreplayableReason(row, by: alternative.strategy) ?? "no price known for the model"
            }
            var latency: Double? = table.latency[row].isNaN ? nil : table.latency[row]
            if changed, latency != nil {
                latency = engine.latencies.estimate(
                    row: row, on: run.model[index], servedBy: table.servedModel[row], observed: table.latency[row])
            }
            try body(ReplayOutcome(
                requestID: request.requestID, receivedAt: request.receivedAt, succeeded: table.succeeded[row],
                kind: run.kind[index], actualModel: names(table.chosenModel[row]), actualTier: names(table.tier[row]),
                actualCostUSD: table.cost[row], actualReason: request.decision?.reason ?? "",
                counterfactualModel: names(run.model[index]), counterfactualTier: names(run.tier[index]),
                counterfactualCostUSD: run.cost[index], counterfactualReason: reason, changed: changed,
                estimatedLatencyMs: replayed ? latency : nil))
            index += 1
        }
        guard index == run.rows.count else { throw ReplayOutcome.StoreChanged(unlisted: run.rows.count - index) }
    }
}
