import Ledger

/// Keeps the stats projection of a ledger up to date: loads its saved state, catches up from its
/// checkpoint with the events appended since, saves state and checkpoint together, and rebuilds
/// from seq 1 on demand.
public actor StatsProjector {
    public let ledger: Ledger
    public let store: ProjectionStore
    /// Events folded between two saves while catching up.
    public let saveEvery: Int
    public private(set) var projection: StatsProjection

    /// Loads the saved state (a missing, unreadable or older-version state starts from seq 1).
    public init(ledger: Ledger, store: ProjectionStore, saveEvery: Int = 100_000) throws {
        self.ledger = ledger
        self.store = store
        self.saveEvery = max(1, saveEvery)
        if let saved = try store.load(StatsProjection.name), saved.version == StatsProjection.version,
            let state = try? StatsProjection.decode(saved.state), state.seq == saved.seq
        {
            projection = state
        } else {
            projection = StatsProjection()
        }
    }

    /// Folds every event after the checkpoint, saving as it goes and at the end; the seq reached.
    @discardableResult
    public func catchUp(progress: ((Int64) -> Void)? = nil) throws -> Int64 {
        var sinceSave = 0
        let start = projection.seq
        while true {
            let page = try ledger.events(after: projection.seq, limit: 4_096)
            if page.isEmpty { break }
            for stored in page {
                projection.apply(ScannedEvent(stored: stored, event: try stored.decoded()))
            }
            sinceSave += page.count
            if sinceSave >= saveEvery {
                try save()
                sinceSave = 0
            }
            progress?(projection.seq)
        }
        if projection.seq != start { try save() }
        return projection.seq
    }

    /// Drops the saved state and folds the whole ledger again from seq 1 (decoding pages on all
    /// cores), then saves.
    public func rebuild(progress: (@Sendable (Int64) -> Void)? = nil) async throws {
        try store.drop(StatsProjection.name)
        projection = try await Self.foldAll(ledger, progress: progress)
        try save()
    }

    private nonisolated static func foldAll(
        _ ledger: Ledger, progress: (@Sendable (Int64) -> Void)?
    ) async throws -> StatsProjection {
        var fresh = StatsProjection()
        try await ledger.scan(after: 0) { page in
            for event in page { fresh.apply(event) }
            progress?(fresh.seq)
        }
        return fresh
    }

    /// The `/stats` answer after catching up.
    public func report() throws -> StatsReport {
        try catchUp()
        return StatsReport(projection.stats)
    }

    private func save() throws {
        try store.save(
            StatsProjection.name,
            ProjectionStore.Saved(seq: projection.seq, version: StatsProjection.version, state: try projection.encoded()))
    }
}
