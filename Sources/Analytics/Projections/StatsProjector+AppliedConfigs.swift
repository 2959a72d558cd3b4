extension StatsProjector {
    /// The `config.applied` events below seq `before` (nil: from the newest), newest first, at
    /// most `limit`, after catching up: the configuration history, paged by seq.
    public nonisolated func appliedConfigs(before seq: Int64?, limit: Int) async throws -> [AppliedConfigEntry] {
        try await catchUp(saveAtEnd: true)
        return try store.appliedConfigs(before: seq, limit: limit)
    }

    /// How many `config.applied` events the ledger holds, after catching up.
    public nonisolated func appliedConfigCount() async throws -> Int {
        try await catchUp(saveAtEnd: true)
        return try store.appliedConfigCount()
    }
}
