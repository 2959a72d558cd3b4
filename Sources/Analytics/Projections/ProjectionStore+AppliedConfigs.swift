import SQLiteSupport
import Synchronization

extension ProjectionStore {
    /// The applied configurations below seq `before` (nil: all), newest first, at most `limit`.
    public func appliedConfigs(before: Int64? = nil, limit: Int) throws -> [AppliedConfigEntry] {
        try connection.withLock { connection in
            let statement = try connection.prepare(
                "SELECT seq, ts, config_hash, source FROM applied_configs WHERE seq < ? ORDER BY seq DESC LIMIT ?")
            statement.bind(1, before ?? .max)
            statement.bind(2, Int64(max(0, limit)))
            var entries: [AppliedConfigEntry] = []
            while try statement.step() {
                entries.append(AppliedConfigEntry(
                    seq: statement.int64(0), timestamp: statement.int64(1), configHash: statement.text(2),
                    source: statement.text(3)))
            }
            return entries
        }
    }

    /// How many `config.applied` events are stored (one per start or reload: a handful).
    public func appliedConfigCount() throws -> Int {
        try rowCount(of: "applied_configs")
    }
}
