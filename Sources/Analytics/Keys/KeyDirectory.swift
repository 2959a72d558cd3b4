import Crypto
import DomainEvents
import Ledger

/// Every virtual key, folded from the ledger's `key.*` events. They all share one request id
/// (``requestID``), so reading the directory is one index lookup whatever the ledger's size.
public struct KeyDirectory: Sendable, Equatable {
    /// The request id every key event is recorded under.
    public static let requestID = "routeledger.keys"

    public private(set) var keys: [String: VirtualKey] = [:]
    private var bySecret: [String: String] = [:]
    /// The seq of the last key event folded; 0 before any.
    public private(set) var throughSeq: Int64 = 0

    public init() {}

    /// The directory as the ledger holds it now.
    public static func read(from ledger: Ledger) async throws -> KeyDirectory {
        var directory = KeyDirectory()
        try await directory.catchUp(with: ledger)
        return directory
    }

    /// Folds the key events recorded after ``throughSeq``.
    public mutating func catchUp(with ledger: Ledger) async throws {
        for stored in try await ledger.events(requestID: Self.requestID) where stored.seq > throughSeq {
            apply(try stored.decoded(), seq: stored.seq, timestamp: stored.timestamp)
        }
    }

    /// Folds one event (other types are ignored).
    public mutating func apply(_ event: LedgerEvent, seq: Int64, timestamp: Int64) {
        switch event {
        case .keyCreated(let created):
            keys[created.keyID] = VirtualKey(
                keyID: created.keyID, secretSHA256: created.secretSHA256,
                history: [.init(seq: seq, timestamp: timestamp, settings: created.settings, actor: created.actor)],
                createdAt: timestamp, createdBy: created.actor)
            bySecret[created.secretSHA256] = created.keyID
        case .keyUpdated(let updated):
            keys[updated.keyID]?.history.append(
                .init(seq: seq, timestamp: timestamp, settings: updated.settings, actor: updated.actor))
        case .keyRevoked(let revoked):
            // Revoked twice (two admins at once): the first one counts.
            guard keys[revoked.keyID]?.revokedSeq == nil else { break }
            keys[revoked.keyID]?.revokedSeq = seq
            keys[revoked.keyID]?.revokedAt = timestamp
            keys[revoked.keyID]?.revokedBy = revoked.actor
        default:
            return
        }
        throughSeq = max(throughSeq, seq)
    }

    /// The key whose secret is `secret`, revoked or not.
    public func key(secret: String) -> VirtualKey? {
        bySecret[Self.hash(secret)].flatMap { keys[$0] }
    }

    /// Every key, oldest first.
    public var all: [VirtualKey] {
        keys.values.sorted { $0.history[0].seq < $1.history[0].seq }
    }

    /// Lowercase hex SHA-256 of a secret: all the ledger keeps of it.
    public static func hash(_ secret: String) -> String {
        Array(SHA256.hash(data: Array(secret.utf8))).hexString
    }
}
