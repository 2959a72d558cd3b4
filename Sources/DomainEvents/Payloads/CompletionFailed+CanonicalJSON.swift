import CanonicalJSON

extension CompletionFailed: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.attempts.rawValue, attempts)
        writer.field(CodingKeys.errorType.rawValue, errorType)
        writer.field(CodingKeys.message.rawValue, message)
        writer.field(CodingKeys.status.rawValue, status)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var errorType: String?
        var status: Int?
        var message: String?
        var attempts: Int?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .errorType: errorType = try reader.string()
            case .status: status = try reader.int()
            case .message: message = try reader.string()
            case .attempts: attempts = try reader.int()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            errorType: try reader.require(errorType, CodingKeys.errorType, in: "completion.failed"),
            status: try reader.require(status, CodingKeys.status, in: "completion.failed"),
            message: try reader.require(message, CodingKeys.message, in: "completion.failed"),
            attempts: try reader.require(attempts, CodingKeys.attempts, in: "completion.failed"))
    }
}
