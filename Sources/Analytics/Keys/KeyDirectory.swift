import Crypto
import DomainEvents
import Ledger

/// Every virtual key and team, folded from the ledger's `key.*` and `team.updated` events. They
/// all share one request id (``requestID``), so reading the directory is one index lookup
/// whatever the ledger's size.
public struct KeyDirectory: Sendable, Equatable {
    /// The request id every key event is recorded under.
    public static let requestID = "routeledger.keys"

    public private(set) var keys: [String: VirtualKey] = [:]
    /// The teams whose budgets were ever set, by name.
    public private(set) var teams: [String: Team] = [:]
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
        case .teamUpdated(let updated):
            teams[updated.team, default: Team(name: updated.team, history: [])].history.append(
                .init(seq: seq, timestamp: timestamp, budgets: updated.budgets, actor: updated.actor))
        default:
            return
        }
        throughSeq = max(throughSeq, seq)
    }

    /// The key whose secret is `secret`, revoked or not.
    public func key(secret: String) -> VirtualKey? {
        bySecret[Self.hash(secret)].flatMap { keys[$0] }
    }

    /// The budgets every key of `team` counts against now (none for a team never given any).
    public func teamBudgets(_ team: String) -> [Budget] {
        teams[team]?.budgets ?? []
    }

    /// The team `name`; nil when no key names it and no budget was set for it (a team only keys
    /// name has no history).
    public func team(_ name: String) -> Team? {
        teams[name] ?? (keys.values.contains { $0.settings.team == name } ? Team(name: name, history: []) : nil)
    }

    /// Every team a key names or whose budgets were set, by name; a team only keys name has
    /// no history.
    public var allTeams: [Team] {
        var all = teams
        for key in keys.values where all[key.settings.team] == nil {
            all[key.settings.team] = Team(name: key.settings.team, history: [])
        }
        return all.values.sorted { $0.name < $1.name }
    }

    /// How many of `team`'s keys are accepted at `now`.
    public func activeKeys(of team: String, at now: Int64) -> Int {
        keys.values.filter { $0.settings.team == team && $0.isAccepted(at: now) }.count
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
