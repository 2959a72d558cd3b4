import DomainEvents
import Foundation
import Ledger

/// The seq of the first `config.applied` event of each config hash (``StatsProjection/configs``),
/// read without loading the stats projection: the list saved with the projection's checkpoint,
/// then the events after that checkpoint, of which only the `config.applied` ones are
/// decompressed. Its cost follows the events the projection has not saved yet, not the ledger's
/// size — what a command-line audit needs, beside a gateway that keeps the projections.
///
/// A ``StatsProjector`` would answer the same, but opening one loads every rollup bucket, which
/// grows with the ledger.
public enum AppliedConfigSeqs {
    /// The configurations of `ledger`, by config hash, as of its newest event.
    public static func read(ledger: Ledger, projections store: ProjectionStore) async throws -> [String: Int64] {
        var (seq, configs) = try saved(in: store) ?? (0, [:])
        while true {
            let records = try await ledger.store.records(after: seq, limit: 4_096)
            guard let last = records.last else { return configs }
            let applied = records.filter { $0.type == EventType.configApplied.rawValue }
            for stored in try await ledger.storedEvents(applied) {
                if case .configApplied(let event) = try stored.decoded(), configs[event.configHash] == nil {
                    configs[event.configHash] = stored.seq
                }
            }
            seq = last.seq
        }
    }

    /// The checkpoint and configurations of the saved stats projection; nil when none of this
    /// version is saved (the events are then read from the first).
    public static func saved(in store: ProjectionStore) throws -> (seq: Int64, configs: [String: Int64])? {
        guard let saved = try store.load(StatsProjection.name), saved.version == StatsProjection.version,
            let state = try? JSONDecoder().decode(SavedConfigs.self, from: Data(saved.state)), state.seq == saved.seq
        else { return nil }
        return (saved.seq, state.configs)
    }

    /// The two fields of ``StatsProjection``'s saved state read here; the rest is skipped.
    private struct SavedConfigs: Decodable {
        var seq: Int64
        var configs: [String: Int64]
    }
}
