import CanonicalJSON

extension UpstreamSkipped: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.breakerCause.rawValue, breakerCause)
        writer.field(CodingKeys.breakerChangedAt.rawValue, breakerChangedAt.map(Int.init))
        writer.field(CodingKeys.breakerEventID.rawValue, breakerEventID)
        writer.field(CodingKeys.errorClass.rawValue, errorClass)
        writer.field(CodingKeys.message.rawValue, message)
        writer.field(CodingKeys.model.rawValue, model)
        writer.field(CodingKeys.provider.rawValue, provider)
        writer.field(CodingKeys.reason.rawValue, reason)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var provider: String?
        var model: String?
        var reason: String?
        var breakerEventID: String?
        var breakerChangedAt: Int?
        var breakerCause: String?
        var errorClass: String?
        var message: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .provider: provider = try reader.string()
            case .model: model = try reader.string()
            case .reason: reason = try reader.string()
            case .breakerEventID: breakerEventID = try reader.readNull() ? nil : try reader.string()
            case .breakerChangedAt: breakerChangedAt = try reader.readNull() ? nil : try reader.int()
            case .breakerCause: breakerCause = try reader.readNull() ? nil : try reader.string()
            case .errorClass: errorClass = try reader.readNull() ? nil : try reader.string()
            case .message: message = try reader.readNull() ? nil : try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            provider: try reader.require(provider, CodingKeys.provider, in: "upstream.skipped"),
            model: try reader.require(model, CodingKeys.model, in: "upstream.skipped"),
            reason: try reader.require(reason, CodingKeys.reason, in: "upstream.skipped"),
            breakerEventID: breakerEventID, breakerChangedAt: breakerChangedAt.map(Int64.init), breakerCause: breakerCause,
            errorClass: errorClass, message: message)
    }
}
