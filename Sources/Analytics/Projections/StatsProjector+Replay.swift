import DomainEvents
import Ledger

extension StatsProjector {
    /// The replay table, the engine built on it and how many configurations it was built with.
    public typealias ReplayCache = (table: ReplayTable, engine: ReplayEngine, configCount: Int)

    /// The replay engine over every request ended so far: after catching up (saving, so the
    /// projection store holds every ended request), the rows ended since the last call are read
    /// into the replay table and the engine is rebuilt; with nothing new, the last engine is
    /// reused. `progress` gets the rows loaded.
    ///
    /// Only the catch-up holds the projector: reading a million rows (seconds) runs outside it,
    /// so `/stats` and the follower do not wait behind the first replay.
    public nonisolated func replayEngine(progress: (@Sendable (Int) -> Void)? = nil) async throws -> ReplayEngine {
        let (cached, configs) = try await replayStart()
        var table = cached?.table ?? ReplayTable()
        let before = table.count
        try store.forEachRequest(afterCompletionSeq: table.lastCompletionSeq) { request in
            table.append(request)
            if table.count % 65_536 == 0 { progress?(table.count) }
        }
        progress?(table.count)
        if let cached, table.count == before, cached.configCount == configs.count {
            return cached.engine
        }
        let engine = ReplayEngine(table: table, configs: try await ReplayConfigs.load(from: ledger, configs: configs))
        await keep((table, engine, configs.count))
        return engine
    }

    /// Catches up and gives what loading the engine starts from.
    private func replayStart() async throws -> (cache: ReplayCache?, configs: [String: Int64]) {
        try await catchUp(saveAtEnd: true)
        return (replayCache, projection.configs)
    }

    /// Keeps a loaded engine for the next replay, unless a concurrent one kept a newer one.
    private func keep(_ cache: ReplayCache) {
        if (replayCache?.table.count ?? -1) <= cache.table.count { replayCache = cache }
    }

    /// The report of `spec` over every request ended so far. Throws ``InvalidQuery`` for a
    /// spec that cannot be replayed (unknown strategy or parameter, out-of-range value, empty
    /// selection). Reads the ledger and the projection store; writes to neither but the
    /// projection's own catch-up.
    ///
    /// Only loading the engine holds the projector; the replay itself runs outside it on the
    /// engine (a value), so the follower and `/stats` do not wait for a replay of a million requests.
    public nonisolated func replay(_ spec: ReplaySpec, progress: (@Sendable (Int) -> Void)? = nil) async throws -> ReplayReport {
        let engine = try await replayEngine(progress: progress)
        let alternative = try ReplayAlternative.resolve(spec, configs: engine.configs)
        let run = try engine.run(alternative, selection: spec.selection)
        return try await ReplayReport(
            run: run, engine: engine, alternative: alternative, selection: spec.selection, examples: spec.examples,
            details: exampleDetails, feedback: try store.feedbackOnEndedRequests())
    }

    /// The ids, recorded reasons and prompt excerpts of the requests that ended at `completionSeqs`.
    nonisolated func exampleDetails(_ completionSeqs: [Int64]) async throws -> [Int64: ReplayExampleDetails] {
        var details: [Int64: ReplayExampleDetails] = [:]
        for (seq, request) in try store.requests(completionSeqs: completionSeqs) {
            let received = try await ledger.events(requestID: request.requestID).lazy.compactMap { stored -> RequestReceived? in
                guard stored.type == .requestReceived, case .requestReceived(let received)? = try? stored.decoded() else { return nil }
                return received
            }.first
            details[seq] = ReplayExampleDetails(
                requestID: request.requestID, reason: request.decision?.reason ?? "",
                promptExcerpt: PromptExcerpt.of(received?.messages))
        }
        return details
    }
}
