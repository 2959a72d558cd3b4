import CanonicalJSON
import DomainEvents

extension VirtualKey {
    /// Whether the key is accepted, revoked or expired at `now` (ms since epoch).
    public func status(at now: Int64) -> String {
        revokedSeq != nil ? "revoked" : isExpired(at: now) ? "expired" : "active"
    }

    /// The key as `/admin/keys` and `routeledger keys --json` show it: never its secret.
    public func json(at now: Int64, withHistory: Bool = false) -> JSONValue {
        var object = Self.settingsJSON(settings)
        object["id"] = .string(keyID)
        object["status"] = .string(status(at: now))
        object["created_at"] = .string(RecordTimestamp.format(createdAt))
        object["created_by"] = .string(createdBy)
        object["revoked_at"] = revokedAt.map { .string(RecordTimestamp.format($0)) } ?? .null
        object["revoked_by"] = revokedBy.map(JSONValue.string) ?? .null
        if withHistory {
            object["history"] = .array(history.map { change in
                var entry = Self.settingsJSON(change.settings)
                entry["seq"] = .int(change.seq)
                entry["at"] = .string(RecordTimestamp.format(change.timestamp))
                entry["by"] = .string(change.actor)
                return .object(entry)
            })
        }
        return .object(object)
    }

    /// A key's settings as JSON fields (`team`, `name`, `budgets`, `rpm`, `tpm`, `expires_at`).
    public static func settingsJSON(_ settings: KeySettings) -> [String: JSONValue] {
        [
            "team": .string(settings.team),
            "name": settings.name.map(JSONValue.string) ?? .null,
            "budgets": Team.budgetsJSON(settings.limits.budgets),
            "rpm": settings.limits.requestsPerMinute.map { .int(Int64($0)) } ?? .null,
            "tpm": settings.limits.tokensPerMinute.map { .int(Int64($0)) } ?? .null,
            "expires_at": settings.expiresAt.map { .string(RecordTimestamp.format($0)) } ?? .null,
        ]
    }
}
