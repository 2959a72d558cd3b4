import DomainEvents
import Ledger

/// Keeps the stats projection of a ledger up to date: loads its saved state, catches up from its
/// checkpoint with the events appended since, saves state, checkpoint and the requests that ended
/// together, and rebuilds from seq 1 on demand.
public actor StatsProjector {
    public nonisolated let ledger: Ledger
    public nonisolated let store: ProjectionStore
    /// Events folded between two saves while catching up or rebuilding.
    public nonisolated let saveEvery: Int
    public private(set) var projection: StatsProjection
    /// Requests that ended, feedback recorded and configurations applied since the last save
    /// (saved with the next state).
    private var unsaved = ProjectionRows()
    /// The last requests that ended while catching up, for the live feed (see
    /// ``recentlyEnded(after:limit:)``); a rebuild empties it.
    private(set) var recentlyEndedRequests = RecentRequests(capacity: 200)
    /// The last unfiltered report and the seq it was made at.
    private var unfilteredReportCache: (throughSeq: Int64, report: StatsReport)?
    /// Events folded since the last save, and when that was.
    private var unsavedEvents = 0
    private var lastSave = ContinuousClock.now
    /// The replay engine over the requests that had ended when it was built, and how many
    /// configurations the projection knew then (see ``replayEngine(progress:)``).
    var replayCache: (table: ReplayTable, engine: ReplayEngine, configCount: Int)?
    /// Told of each event as ``catchUp(saveAtEnd:progress:)`` folds it (not during a rebuild, which
    /// folds history): a replica sharing its ledger learns of the others' breaker moves and
    /// completions this way.
    private var foldObserver: (@Sendable (ScannedEvent) -> Void)?
    /// The longest a folded event stays unsaved while following the ledger.
    public nonisolated let saveInterval: Duration = .seconds(1)

    /// Loads the saved state (a missing, unreadable or older-version state, or rollups that do not
    /// hold the state's requests, starts from seq 1).
    public init(ledger: Ledger, store: ProjectionStore, saveEvery: Int = 100_000) throws {
        self.ledger = ledger
        self.store = store
        self.saveEvery = max(1, saveEvery)
        if let saved = try store.load(StatsProjection.name), saved.version == StatsProjection.version,
            var state = try? StatsProjection.decode(saved.state), state.seq == saved.seq,
            let rollups = try? store.rollups(),
            rollups.requestCount == state.stats.totals.calls + state.stats.totals.failures
        {
            state.rollups = rollups
            // Built here, before serving, rather than by the first filtered `/stats`.
            state.rollups.prepareForQueries()
            projection = state
        } else {
            try store.drop(StatsProjection.name)
            projection = StatsProjection()
        }
    }

    /// Folds every event after the checkpoint, saving every ``saveEvery`` events and, with
    /// `saveAtEnd`, at the end; without it (following the ledger while serving), the state is
    /// saved at most every ``saveInterval``. The seq reached.
    @discardableResult
    ///
    /// The page is read while the actor is free for other calls (the read is async); a catch-up
    /// that ran meanwhile may have folded some of its events already, so only events after the
    /// checkpoint as it is once the page arrives are folded.
    public func catchUp(saveAtEnd: Bool = true, progress: ((Int64) -> Void)? = nil) async throws -> Int64 {
        while true {
            let page = try await ledger.events(after: projection.seq, limit: 4_096)
            if page.isEmpty { break }
            for stored in page where stored.seq > projection.seq {
                let event = ScannedEvent(stored: stored, event: try stored.decoded(skippingOpenEndedValues: true))
                foldObserver?(event)
                let request = projection.apply(event)
                unsaved.add(event, ended: request)
                if let request { recentlyEndedRequests.append(request) }
            }
            unsavedEvents += page.count
            if unsavedEvents >= saveEvery { try save() }
            progress?(projection.seq)
        }
        if unsavedEvents > 0 && (saveAtEnd || ContinuousClock.now - lastSave >= saveInterval) { try save() }
        return projection.seq
    }

    /// Calls `observer` with every event folded from now on while catching up.
    public func observeFoldedEvents(_ observer: @escaping @Sendable (ScannedEvent) -> Void) {
        foldObserver = observer
    }

    /// Drops the saved state and folds the whole ledger again from seq 1 (decoding pages on all
    /// cores), saving every ``saveEvery`` events and at the end.
    public func rebuild(progress: (@Sendable (Int64) -> Void)? = nil) async throws {
        try store.drop(StatsProjection.name)
        unsaved = ProjectionRows()
        recentlyEndedRequests.removeAll()
        projection = try await Self.foldAll(ledger, into: store, saveEvery: saveEvery, progress: progress)
    }

    private nonisolated static func foldAll(
        _ ledger: Ledger, into store: ProjectionStore, saveEvery: Int, progress: (@Sendable (Int64) -> Void)?
    ) async throws -> StatsProjection {
        var fresh = StatsProjection()
        var rows = ProjectionRows()
        var sinceSave = 0
        try await ledger.scan(after: 0, skippingOpenEndedValues: true) { page in
            // By index: `for event in page` would copy (and retain) every event.
            for index in page.indices {
                rows.add(page[index], ended: fresh.apply(page[index]))
            }
            sinceSave += page.count
            if sinceSave >= saveEvery {
                try save(&fresh, rows, to: store)
                rows = ProjectionRows()
                sinceSave = 0
            }
            progress?(fresh.seq)
        }
        try save(&fresh, rows, to: store)
        return fresh
    }

    /// The `/stats` answer after catching up: from the folded state, or, with filters, the
    /// requests that ended in [`since`, `until`) and were served by `model` (for failed requests:
    /// routed to it), added up from the rollups (see ``stats(_:)``).
    public nonisolated func report(_ filter: StatsFilter = StatsFilter()) async throws -> StatsReport {
        guard !filter.isEmpty else { return try await unfilteredReport() }
        return StatsReport(try await stats(filter))
    }

    /// `/stats` by key, team, tag or user: each value's figures (one value's with a filter) over
    /// `filter`'s time range and model, after catching up and saving (the figures are read from
    /// the projection store).
    public nonisolated func attributionReport(_ query: AttributionQuery, filter: StatsFilter) async throws -> AttributionReport {
        let throughSeq = try await caughtUpAndSaved()
        let groups = try store.attributionGroups(
            query.kind, value: query.value, model: filter.model, since: filter.since, until: filter.until)
        return AttributionReport(kind: query.kind, groups: groups, throughSeq: throughSeq)
    }

    /// Catches up, saves, and returns the last seq folded.
    private func caughtUpAndSaved() async throws -> Int64 {
        try await catchUp(saveAtEnd: true)
        return projection.seq
    }

    /// The unfiltered report, caught up; kept until another event is folded, since percentiles
    /// walk every histogram.
    private func unfilteredReport() async throws -> StatsReport {
        try await catchUp(saveAtEnd: false)
        if let cached = unfilteredReportCache, cached.throughSeq == projection.seq { return cached.report }
        let report = StatsReport(projection.stats)
        unfilteredReportCache = (projection.seq, report)
        return report
    }

    /// The stats of the requests `filter` selects, after catching up: the rollup cells of the
    /// whole buckets inside [`since`, `until`), plus the requests of the partial buckets at
    /// either end read from the projection store by time (at most a bucket's worth at each end),
    /// so the answer is exact and its cost never grows with the ledger. (Its hourly and daily
    /// buckets, which the report leaves out, hold only the requests read one by one.)
    ///
    /// Only adding up the buckets holds the projector; the edges are read outside it.
    nonisolated func stats(_ filter: StatsFilter) async throws -> StatsAccumulator {
        let span = filter.bucketSpan
        var stats = try await wholeBuckets(span.whole, model: filter.model)
        for edge in span.edges {
            try store.forEachStatsSample(since: edge.lowerBound, until: edge.upperBound) { request in
                if filter.model == nil || request.model == filter.model { stats.add(request) }
            }
        }
        return stats
    }

    /// The rollups of the whole buckets in `range` matching `model`, after catching up.
    private func wholeBuckets(_ range: Range<Int64>, model: String?) async throws -> StatsAccumulator {
        // The partial buckets read the stored requests, so every folded request must be saved first.
        try await withCaughtUpRollups(saving: true) { rollups in
            var stats = StatsAccumulator()
            rollups.add(bucketsIn: range, model: model, to: &stats)
            return stats
        }
    }

    /// What `body` makes of the rollups after catching up (saving at the end when `saving`),
    /// with their coarse levels ready for range queries.
    func withCaughtUpRollups<T>(saving: Bool, _ body: (StatsRollups) -> T) async throws -> T {
        try await catchUp(saveAtEnd: saving)
        projection.rollups.prepareForQueries()
        return body(projection.rollups)
    }

    private func save() throws {
        try Self.save(&projection, unsaved, to: store)
        unsaved = ProjectionRows()
        unsavedEvents = 0
        lastSave = .now
    }

    /// Saves the state, checkpoint, `rows` and the rollup cells changed since the last save in one
    /// transaction, then marks the rollups saved.
    private static func save(_ projection: inout StatsProjection, _ rows: ProjectionRows, to store: ProjectionStore) throws {
        try store.save(
            StatsProjection.name,
            ProjectionStore.Saved(seq: projection.seq, version: StatsProjection.version, state: try projection.encoded()),
            rows: rows, rollups: projection.rollups.changedBuckets)
        projection.rollups.markSaved()
    }
}
