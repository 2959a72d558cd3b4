import CanonicalJSON
import Ledger

/// `key.revoked`: a virtual key stops being accepted, for good.
public struct KeyRevoked: EventPayload {
    public static let type = EventType.keyRevoked
    public static let schema = 1

    public var keyID: String
    /// Who revoked it (as ``KeyCreated/actor``).
    public var actor: String

    public init(keyID: String, actor: String) {
        self.keyID = keyID
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case actor
    }
}

extension KeyRevoked: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.actor.rawValue, actor)
        writer.field(CodingKeys.keyID.rawValue, keyID)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var keyID: String?
        var actor: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .keyID: keyID = try reader.string()
            case .actor: actor = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            keyID: try reader.require(keyID, CodingKeys.keyID, in: "key.revoked"),
            actor: try reader.require(actor, CodingKeys.actor, in: "key.revoked"))
    }
}
