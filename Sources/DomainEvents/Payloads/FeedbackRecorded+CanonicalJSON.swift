import CanonicalJSON

extension FeedbackRecorded: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.comment.rawValue, comment)
        writer.field(CodingKeys.label.rawValue, label)
        writer.field(CodingKeys.requestID.rawValue, requestID)
        writer.field(CodingKeys.score.rawValue, score)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var requestID: String?
        var score: Double?
        var label: String?
        var comment: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .requestID: requestID = try reader.string()
            case .score: score = try reader.readNull() ? nil : try reader.double()
            case .label: label = try reader.readNull() ? nil : try reader.string()
            case .comment: comment = try reader.readNull() ? nil : try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            requestID: try reader.require(requestID, CodingKeys.requestID, in: "feedback.recorded"),
            score: score,
            label: label,
            comment: comment)
    }
}
