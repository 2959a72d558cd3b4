import DomainEvents
import Foundation
import Ledger

/// Issues, changes and revokes virtual keys and sets team budgets by appending their events:
/// what `routeledger keys`, `routeledger teams`, `/admin/keys` and `/admin/teams` all do.
public struct KeyAdministration: Sendable {
    let ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// A new key and its secret: the one time the secret exists outside the caller's hands.
    public struct Issued: Sendable {
        public var key: VirtualKey
        public var secret: String
    }

    /// Issues a key with `settings`, on behalf of `actor`.
    public func create(_ settings: KeySettings, actor: String) async throws -> Issued {
        try Self.validate(settings)
        let secret = Self.newSecret()
        let created = KeyCreated(
            keyID: Self.newKeyID(), secretSHA256: KeyDirectory.hash(secret), settings: settings, actor: actor)
        var directory = KeyDirectory()
        try await append(.keyCreated(created), to: &directory)
        guard let key = directory.keys[created.keyID] else { preconditionFailure("a folded key.created holds its key") }
        return Issued(key: key, secret: secret)
    }

    /// Changes a key's settings with `change`, on behalf of `actor`. A revoked key cannot change.
    public func update(
        _ keyID: String, actor: String, change: (inout KeySettings) throws -> Void
    ) async throws -> VirtualKey {
        var directory = try await KeyDirectory.read(from: ledger)
        let key = try Self.acceptedKey(keyID, in: directory)
        var settings = key.settings
        try change(&settings)
        try Self.validate(settings)
        guard settings != key.settings else { return key }
        try await append(.keyUpdated(KeyUpdated(keyID: keyID, settings: settings, actor: actor)), to: &directory)
        return directory.keys[keyID] ?? key
    }

    /// Revokes a key for good, on behalf of `actor`.
    public func revoke(_ keyID: String, actor: String) async throws -> VirtualKey {
        var directory = try await KeyDirectory.read(from: ledger)
        let key = try Self.acceptedKey(keyID, in: directory)
        try await append(.keyRevoked(KeyRevoked(keyID: keyID, actor: actor)), to: &directory)
        return directory.keys[keyID] ?? key
    }

    /// Sets the budgets every key of `team` counts against (an empty list removes them), on
    /// behalf of `actor`. Setting the budgets a team already has records nothing.
    public func setBudgets(_ budgets: [Budget], ofTeam team: String, actor: String) async throws -> Team {
        try Self.validate(team: team)
        try Self.validate(budgets: budgets)
        var directory = try await KeyDirectory.read(from: ledger)
        let byPeriod = { (budgets: [Budget]) in budgets.sorted { $0.period.rawValue < $1.period.rawValue } }
        if let current = directory.teams[team], byPeriod(current.budgets) == byPeriod(budgets) { return current }
        if directory.teams[team] == nil && budgets.isEmpty { return Team(name: team, history: []) }
        try await append(.teamUpdated(TeamUpdated(team: team, budgets: budgets, actor: actor)), to: &directory)
        guard let updated = directory.teams[team] else { preconditionFailure("a folded team.updated holds its team") }
        return updated
    }

    /// Appends `event` under the directory's request id and folds it into `directory` (so the
    /// caller sees its own change without reading the directory again).
    private func append(_ event: LedgerEvent, to directory: inout KeyDirectory) async throws {
        let new = NewEvent(requestID: KeyDirectory.requestID, event: event)
        let receipt = try await ledger.append(new)
        directory.apply(event, seq: receipt.seq, timestamp: new.timestamp)
    }

    private static func acceptedKey(_ keyID: String, in directory: KeyDirectory) throws -> VirtualKey {
        guard let key = directory.keys[keyID] else {
            throw KeyAdministrationError(.notFound, "no key \(keyID) in the ledger")
        }
        if key.revokedSeq != nil { throw KeyAdministrationError(.revoked, "the key \(keyID) is revoked") }
        return key
    }

    /// Settings a key may carry: a team, positive finite budgets (one per period) and limits.
    public static func validate(_ settings: KeySettings) throws {
        try validate(team: settings.team)
        if let name = settings.name, name.count > 128 { throw invalid("a key's name is at most 128 characters") }
        try validate(budgets: settings.limits.budgets)
        for (name, limit) in [("rpm", settings.limits.requestsPerMinute), ("tpm", settings.limits.tokensPerMinute)] {
            if let limit, limit < 1 { throw invalid("\(name) is a whole number ≥ 1; got \(limit)") }
        }
    }

    /// A team's name: 1 to 64 characters, not only spaces, no control characters.
    public static func validate(team: String) throws {
        let trimmed = team.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, team.count <= 64 else { throw invalid("a team is named by 1 to 64 characters") }
        if team.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            throw invalid("a team's name has no control characters")
        }
    }

    /// Budgets a key or team may carry: positive finite amounts, at most one per period.
    public static func validate(budgets: [Budget]) throws {
        for budget in budgets where !(budget.usd.isFinite && budget.usd > 0) {
            throw invalid("a budget is a positive amount of USD; got \(budget.usd)")
        }
        if Set(budgets.map(\.period)).count != budgets.count {
            throw invalid("at most one budget per period (day, month, total)")
        }
    }

    private static func invalid(_ message: String) -> KeyAdministrationError { KeyAdministrationError(.invalid, message) }

    /// `sk-rl-` and 32 random bytes in hex (the system's cryptographic generator).
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "sk-rl-" + (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
    }

    /// `key_` and 8 random bytes in hex.
    static func newKeyID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "key_" + (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
    }
}

/// A key operation that cannot be done.
public struct KeyAdministrationError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case notFound, revoked, invalid
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
