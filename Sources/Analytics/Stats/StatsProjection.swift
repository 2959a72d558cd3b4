import DomainEvents
import Foundation
import Ledger

/// The stats projection: requests joined from their events and folded into a
/// ``StatsAccumulator`` and ``StatsRollups``. A pure fold over events with its checkpoint (the last
/// seq folded).
///
/// Its encoded state leaves the rollups out: they grow with time, so the projection store keeps
/// them in tables of their own and saves only the buckets that changed.
public struct StatsProjection: Sendable, Codable, Equatable {
    /// Its row in the ``ProjectionStore``.
    public static let name = "stats"
    /// Bumped when the state's meaning changes; a saved state of another version is rebuilt.
    public static let version = 5

    public private(set) var requests = RequestAssembler()
    public private(set) var stats = StatsAccumulator()
    /// Not in ``encoded()``: saved and loaded by the ``ProjectionStore`` beside the state.
    public internal(set) var rollups = StatsRollups()
    /// The last ledger seq folded in.
    public private(set) var seq: Int64 = 0
    /// The seq of the first `config.applied` event of each config hash, so an audit can show what
    /// a decision's `config_hash` held.
    public private(set) var configs: [String: Int64] = [:]
    /// What each virtual key and team spent in its current budget periods.
    public private(set) var tenantSpend = TenantSpend()

    public init() {}

    /// Folds one event in; the request it ended, if any. Events at or below ``seq`` are already
    /// in and are ignored.
    @discardableResult
    public mutating func apply(_ event: ScannedEvent) -> CompletedRequest? {
        guard event.stored.seq > seq else { return nil }
        seq = event.stored.seq
        if case .configApplied(let applied) = event.event, configs[applied.configHash] == nil {
            configs[applied.configHash] = seq
        }
        guard let request = requests.apply(event) else { return nil }
        let sample = StatsSample(request)
        tenantSpend.add(request)
        stats.add(sample)
        rollups.add(sample)
        return request
    }

    enum CodingKeys: String, CodingKey {
        case requests, stats, seq, configs
        case tenantSpend = "tenant_spend"
    }

    /// The state as stored: JSON with sorted keys, so equal states are equal bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    public static func decode(_ bytes: [UInt8]) throws -> StatsProjection {
        try JSONDecoder().decode(StatsProjection.self, from: Data(bytes))
    }
}
