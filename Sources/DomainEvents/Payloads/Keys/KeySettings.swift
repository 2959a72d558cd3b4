import CanonicalJSON

/// What can change about a virtual key: its team, label, limits and expiry. `key.created`
/// records the first settings, each `key.updated` the whole settings after the change.
public struct KeySettings: Codable, Sendable, Equatable {
    /// The team the key's spend is attributed to (and whose budgets also apply).
    public var team: String
    /// A label for people (`ci`, `alice's notebook`); not unique.
    public var name: String?
    public var limits: KeyLimits
    /// When the key stops being accepted (ms since epoch); nil for never.
    public var expiresAt: Int64?

    public init(team: String, name: String? = nil, limits: KeyLimits = KeyLimits(), expiresAt: Int64? = nil) {
        self.team = team
        self.name = name
        self.limits = limits
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case team, name, limits
        case expiresAt = "expires_at"
    }
}

extension KeySettings: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.expiresAt.rawValue, expiresAt.map(Int.init))
        writer.field(CodingKeys.limits.rawValue, limits)
        writer.field(CodingKeys.name.rawValue, name)
        writer.field(CodingKeys.team.rawValue, team)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var team: String?
        var name: String?
        var limits = KeyLimits()
        var expiresAt: Int?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .team: team = try reader.string()
            case .name: name = try reader.optionalString()
            case .limits: limits = try KeyLimits(reading: &reader)
            case .expiresAt: expiresAt = try reader.optionalInt()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            team: try reader.require(team, CodingKeys.team, in: "key settings"), name: name, limits: limits,
            expiresAt: expiresAt.map(Int64.init))
    }
}
