import CanonicalJSON

extension UpstreamFailed: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.attempt.rawValue, attempt)
        writer.field(CodingKeys.errorClass.rawValue, errorClass)
        writer.field(CodingKeys.latencyMilliseconds.rawValue, latencyMilliseconds)
        writer.field(CodingKeys.message.rawValue, message)
        writer.field(CodingKeys.model.rawValue, model)
        writer.field(CodingKeys.provider.rawValue, provider)
        writer.field(CodingKeys.status.rawValue, status)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var provider: String?
        var model: String?
        var attempt: Int?
        var errorClass: String?
        var status: Int?
        var latencyMilliseconds: Double?
        var message: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .provider: provider = try reader.string()
            case .model: model = try reader.string()
            case .attempt: attempt = try reader.int()
            case .errorClass: errorClass = try reader.string()
            case .status: status = try reader.readNull() ? nil : try reader.int()
            case .latencyMilliseconds: latencyMilliseconds = try reader.double()
            case .message: message = try reader.readNull() ? nil : try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            provider: try reader.require(provider, CodingKeys.provider, in: "upstream.failed"),
            model: try reader.require(model, CodingKeys.model, in: "upstream.failed"),
            attempt: try reader.require(attempt, CodingKeys.attempt, in: "upstream.failed"),
            errorClass: try reader.require(errorClass, CodingKeys.errorClass, in: "upstream.failed"),
            status: status,
            latencyMilliseconds: try reader.require(latencyMilliseconds, CodingKeys.latencyMilliseconds, in: "upstream.failed"),
            message: message)
    }
}
