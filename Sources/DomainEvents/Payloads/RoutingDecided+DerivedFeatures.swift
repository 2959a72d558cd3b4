import CanonicalJSON

/// Features routeledger derived for a decision it did not make itself — at import, from the
/// recorded messages, with the live router's own tokenizer and classifier — so the request can be
/// replayed. The decision's `features` stay as the source recorded them; these stand beside them,
/// marked with when and by which router version they were derived.
public struct DerivedFeatures: Codable, Sendable, Equatable {
    /// When they were derived (`import`).
    public var derivedAt: String
    /// The version of the router's feature code (tokenizer, classifier, fingerprint) that derived them.
    public var routerVersion: Int
    /// The features the live router would have recorded, filed under the tier its decision would have had.
    public var features: PromptFeatures
    /// The catalog model the request named, when the live router would have served it as named
    /// (its requested-model path); nil when it would have routed the request.
    public var requestedModel: String?

    public init(derivedAt: String, routerVersion: Int, features: PromptFeatures, requestedModel: String? = nil) {
        self.derivedAt = derivedAt
        self.routerVersion = routerVersion
        self.features = features
        self.requestedModel = requestedModel
    }

    enum CodingKeys: String, CodingKey {
        case features
        case derivedAt = "derived_at"
        case routerVersion = "router_version"
        case requestedModel = "requested_model"
    }
}

extension DerivedFeatures: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.derivedAt.rawValue, derivedAt)
        writer.field(CodingKeys.features.rawValue, features)
        writer.field(CodingKeys.requestedModel.rawValue, requestedModel)
        writer.field(CodingKeys.routerVersion.rawValue, routerVersion)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var derivedAt: String?
        var routerVersion: Int?
        var features: PromptFeatures?
        var requestedModel: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .derivedAt: derivedAt = try reader.string()
            case .routerVersion: routerVersion = try reader.int()
            case .features: features = try PromptFeatures(reading: &reader)
            case .requestedModel: requestedModel = try reader.readNull() ? nil : try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            derivedAt: try reader.require(derivedAt, CodingKeys.derivedAt, in: "derived"),
            routerVersion: try reader.require(routerVersion, CodingKeys.routerVersion, in: "derived"),
            features: try reader.require(features, CodingKeys.features, in: "derived"),
            requestedModel: requestedModel)
    }
}
