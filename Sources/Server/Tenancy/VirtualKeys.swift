import Analytics
import DomainEvents
import Ledger
import Synchronization

/// The gateway's view of the virtual keys and teams: the ledger's ``KeyDirectory``, kept in memory.
///
/// Before a virtual key is accepted the directory is brought up to date with the ledger (one
/// index lookup: the seq of the last key event), so a key created, changed or revoked by another
/// replica or by `routeledger keys` counts from the very next request, on every replica.
final class VirtualKeys: Sendable {
    /// The prefix of every virtual key's secret; other bearer tokens are never looked up.
    static let secretPrefix = "sk-rl-"

    private let ledger: Ledger
    private let directory: Mutex<KeyDirectory>

    init(ledger: Ledger) async throws {
        self.ledger = ledger
        directory = Mutex(try await KeyDirectory.read(from: ledger))
    }

    /// Whether any key was ever issued (issuing one closes client routes to keyless callers).
    var anyIssued: Bool {
        directory.withLock { !$0.keys.isEmpty }
    }

    /// A key as the directory held it at one seq, with its team's budgets then.
    struct Lookup: Sendable {
        var key: VirtualKey
        var teamBudgets: [Budget]
        /// The seq of the last key or team event folded.
        var throughSeq: Int64
    }

    /// The key whose secret is `secret`, as the ledger holds it now (revoked or expired keys
    /// included: the caller says why it refuses them); nil for a token that is no virtual key.
    func key(secret: String) async throws -> Lookup? {
        guard secret.hasPrefix(Self.secretPrefix) else { return nil }
        try await catchUp()
        return directory.withLock { directory in
            directory.key(secret: secret).map {
                Lookup(key: $0, teamBudgets: directory.teamBudgets($0.settings.team), throughSeq: directory.throughSeq)
            }
        }
    }

    /// The key `keyID` as the ledger holds it now.
    func key(id keyID: String) async throws -> VirtualKey? {
        try await catchUp()
        return directory.withLock { $0.keys[keyID] }
    }

    /// Every team, by name, as the ledger holds them now.
    func teams() async throws -> [Team] {
        try await snapshot().allTeams
    }

    /// The whole directory as the ledger holds it now.
    func snapshot() async throws -> KeyDirectory {
        try await catchUp()
        return directory.withLock { $0 }
    }

    /// The team `name` as the ledger holds it now; nil when no key names it and no budget was set.
    func team(_ name: String) async throws -> Team? {
        try await catchUp()
        return directory.withLock { $0.team(name) }
    }

    /// Every key, oldest first, as the ledger holds them now.
    func all() async throws -> [VirtualKey] {
        try await snapshot().all
    }

    /// Folds the key events this process has not seen yet, if there are any.
    func catchUp() async throws {
        let last = try await ledger.lastSeq(ofRequest: KeyDirectory.requestID) ?? 0
        var copy = directory.withLock { $0 }
        guard last > copy.throughSeq else { return }
        try await copy.catchUp(with: ledger)
        directory.withLock { current in
            if copy.throughSeq > current.throughSeq { current = copy }
        }
    }
}
