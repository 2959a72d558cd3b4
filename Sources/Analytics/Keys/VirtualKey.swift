import DomainEvents

/// One virtual key as its events left it: who issued it, its settings now and at every earlier
/// change, and whether it was revoked.
public struct VirtualKey: Sendable, Equatable {
    public var keyID: String
    public var secretSHA256: String
    /// The settings in force, with the seq and time of the event that set them, oldest first.
    public var history: [SettingsChange]
    public var createdAt: Int64
    public var createdBy: String
    public var revokedAt: Int64?
    public var revokedBy: String?
    /// The seq of the key's `key.revoked`; nil while it is accepted.
    public var revokedSeq: Int64?

    /// One `key.created` or `key.updated`.
    public struct SettingsChange: Sendable, Equatable {
        public var seq: Int64
        public var timestamp: Int64
        public var settings: KeySettings
        public var actor: String
    }

    /// The settings now.
    public var settings: KeySettings { history[history.count - 1].settings }

    /// The settings in force for a request recorded at `seq` (the last change before it).
    public func settings(atSeq seq: Int64) -> KeySettings? {
        history.last { $0.seq < seq }?.settings
    }

    /// Whether the key is accepted at `now` (ms since epoch): not revoked, not expired.
    public func isAccepted(at now: Int64) -> Bool {
        revokedSeq == nil && !isExpired(at: now)
    }

    /// Whether its expiry has passed at `now`.
    public func isExpired(at now: Int64) -> Bool {
        settings.expiresAt.map { now >= $0 } ?? false
    }
}
