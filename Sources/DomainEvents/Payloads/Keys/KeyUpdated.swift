import CanonicalJSON
import Ledger

/// `key.updated`: a virtual key's team, label, limits or expiry changed. It records the whole
/// settings after the change, so the settings in force at any seq are one event's.
public struct KeyUpdated: EventPayload {
    public static let type = EventType.keyUpdated
    public static let schema = 1

    public var keyID: String
    public var settings: KeySettings
    /// Who changed it (as ``KeyCreated/actor``).
    public var actor: String

    public init(keyID: String, settings: KeySettings, actor: String) {
        self.keyID = keyID
        self.settings = settings
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case settings, actor
    }
}

extension KeyUpdated: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.actor.rawValue, actor)
        writer.field(CodingKeys.keyID.rawValue, keyID)
        writer.field(CodingKeys.settings.rawValue, settings)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var keyID: String?
        var settings: KeySettings?
        var actor: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .keyID: keyID = try reader.string()
            case .settings: settings = try KeySettings(reading: &reader)
            case .actor: actor = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            keyID: try reader.require(keyID, CodingKeys.keyID, in: "key.updated"),
            settings: try reader.require(settings, CodingKeys.settings, in: "key.updated"),
            actor: try reader.require(actor, CodingKeys.actor, in: "key.updated"))
    }
}
