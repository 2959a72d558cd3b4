import CanonicalJSON

extension ProviderBreakerChanged: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.cause.rawValue, cause.rawValue)
        writer.field(CodingKeys.consecutiveFailures.rawValue, consecutiveFailures)
        writer.field(CodingKeys.errorClass.rawValue, errorClass)
        writer.field(CodingKeys.from.rawValue, from)
        writer.field(CodingKeys.message.rawValue, message)
        writer.field(CodingKeys.provider.rawValue, provider)
        writer.field(CodingKeys.to.rawValue, to)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var provider: String?
        var from: String?
        var to: String?
        var cause: String?
        var errorClass: String?
        var message: String?
        var consecutiveFailures: Int?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .provider: provider = try reader.string()
            case .from: from = try reader.string()
            case .to: to = try reader.string()
            case .cause: cause = try reader.string()
            case .errorClass: errorClass = try reader.readNull() ? nil : try reader.string()
            case .message: message = try reader.readNull() ? nil : try reader.string()
            case .consecutiveFailures: consecutiveFailures = try reader.int()
            case nil: try reader.skipValue()
            }
        }
        let causeName = try reader.require(cause, CodingKeys.cause, in: "provider.breaker_changed")
        guard let knownCause = Cause(rawValue: causeName) else {
            throw JSONError("provider.breaker_changed: unknown cause \"\(causeName)\"")
        }
        self.init(
            provider: try reader.require(provider, CodingKeys.provider, in: "provider.breaker_changed"),
            from: try reader.require(from, CodingKeys.from, in: "provider.breaker_changed"),
            to: try reader.require(to, CodingKeys.to, in: "provider.breaker_changed"),
            cause: knownCause, errorClass: errorClass, message: message,
            consecutiveFailures: try reader.require(consecutiveFailures, CodingKeys.consecutiveFailures, in: "provider.breaker_changed"))
    }
}
