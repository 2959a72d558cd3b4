import CanonicalJSON
import Ledger

/// `key.created`: a virtual key was issued. Only the SHA-256 of its secret is recorded; the
/// secret itself is shown once, to whoever created the key, and never stored.
public struct KeyCreated: EventPayload {
    public static let type = EventType.keyCreated
    public static let schema = 1

    /// The key's public id (`key_…`): what requests, stats and the audit name it by.
    public var keyID: String
    /// Lowercase hex SHA-256 of the secret.
    public var secretSHA256: String
    public var settings: KeySettings
    /// Who issued it: the admin key's id over HTTP (`env:NAME`), `cli:USER` from the command line.
    public var actor: String

    public init(keyID: String, secretSHA256: String, settings: KeySettings, actor: String) {
        self.keyID = keyID
        self.secretSHA256 = secretSHA256
        self.settings = settings
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case secretSHA256 = "secret_sha256"
        case settings, actor
    }
}

extension KeyCreated: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.actor.rawValue, actor)
        writer.field(CodingKeys.keyID.rawValue, keyID)
        writer.field(CodingKeys.secretSHA256.rawValue, secretSHA256)
        writer.field(CodingKeys.settings.rawValue, settings)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var keyID: String?
        var secretSHA256: String?
        var settings: KeySettings?
        var actor: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .keyID: keyID = try reader.string()
            case .secretSHA256: secretSHA256 = try reader.string()
            case .settings: settings = try KeySettings(reading: &reader)
            case .actor: actor = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            keyID: try reader.require(keyID, CodingKeys.keyID, in: "key.created"),
            secretSHA256: try reader.require(secretSHA256, CodingKeys.secretSHA256, in: "key.created"),
            settings: try reader.require(settings, CodingKeys.settings, in: "key.created"),
            actor: try reader.require(actor, CodingKeys.actor, in: "key.created"))
    }
}
