import DomainEvents
import Foundation
import Ledger

/// Issues, changes and revokes virtual keys by appending their events: what `routeledger keys`
/// and `/admin/keys` both do.
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
        try await ledger.append(NewEvent(requestID: KeyDirectory.requestID, event: .keyCreated(created)))
        guard let key = try await KeyDirectory.read(from: ledger).keys[created.keyID] else {
            throw LedgerError(.storage, "the key \(created.keyID) was appended but cannot be read back")
        }
        return Issued(key: key, secret: secret)
    }

    /// Changes a key's settings with `change`, on behalf of `actor`. A revoked key cannot change.
    public func update(
        _ keyID: String, actor: String, change: (inout KeySettings) throws -> Void
    ) async throws -> VirtualKey {
        let key = try await acceptedKey(keyID)
        var settings = key.settings
        try change(&settings)
        try Self.validate(settings)
        guard settings != key.settings else { return key }
        try await ledger.append(
            NewEvent(requestID: KeyDirectory.requestID, event: .keyUpdated(KeyUpdated(keyID: keyID, settings: settings, actor: actor))))
        return try await KeyDirectory.read(from: ledger).keys[keyID] ?? key
    }

    /// Revokes a key for good, on behalf of `actor`.
    public func revoke(_ keyID: String, actor: String) async throws -> VirtualKey {
        let key = try await acceptedKey(keyID)
        try await ledger.append(
            NewEvent(requestID: KeyDirectory.requestID, event: .keyRevoked(KeyRevoked(keyID: keyID, actor: actor))))
        return try await KeyDirectory.read(from: ledger).keys[keyID] ?? key
    }

    private func acceptedKey(_ keyID: String) async throws -> VirtualKey {
        guard let key = try await KeyDirectory.read(from: ledger).keys[keyID] else {
            throw KeyAdministrationError(.notFound, "no key \(keyID) in the ledger")
        }
        if key.revokedSeq != nil { throw KeyAdministrationError(.revoked, "the key \(keyID) is revoked") }
        return key
    }

    /// Settings a key may carry: a team, positive finite budgets (one per period) and limits.
    public static func validate(_ settings: KeySettings) throws {
        func invalid(_ message: String) -> KeyAdministrationError { KeyAdministrationError(.invalid, message) }
        let team = settings.team.trimmingCharacters(in: .whitespaces)
        guard !team.isEmpty, team.count <= 64 else { throw invalid("a key needs a team of 1 to 64 characters") }
        if let name = settings.name, name.count > 128 { throw invalid("a key's name is at most 128 characters") }
        for budget in settings.limits.budgets where !(budget.usd.isFinite && budget.usd > 0) {
            throw invalid("a budget is a positive amount of USD; got \(budget.usd)")
        }
        if Set(settings.limits.budgets.map(\.period)).count != settings.limits.budgets.count {
            throw invalid("a key has at most one budget per period (day, month, total)")
        }
        for (name, limit) in [("rpm", settings.limits.requestsPerMinute), ("tpm", settings.limits.tokensPerMinute)] {
            if let limit, limit < 1 { throw invalid("\(name) is a whole number ≥ 1; got \(limit)") }
        }
    }

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
