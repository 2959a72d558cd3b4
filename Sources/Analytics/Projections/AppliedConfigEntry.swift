import DomainEvents
import Ledger

/// One `config.applied` event as the projection store keeps it: when the gateway started or
/// reloaded under which configuration, and where that came from — the console's config history.
public struct AppliedConfigEntry: Sendable, Equatable {
    /// The seq of the `config.applied` event.
    public var seq: Int64
    /// Unix ms.
    public var timestamp: Int64
    public var configHash: String
    /// A file path, or `built-in`.
    public var source: String

    public init(seq: Int64, timestamp: Int64, configHash: String, source: String) {
        self.seq = seq
        self.timestamp = timestamp
        self.configHash = configHash
        self.source = source
    }

    /// The entry of `event` when it applies a configuration.
    init?(_ event: ScannedEvent) {
        guard case .configApplied(let applied) = event.event else { return nil }
        self.init(
            seq: event.stored.seq, timestamp: event.stored.timestamp, configHash: applied.configHash, source: applied.source)
    }
}
