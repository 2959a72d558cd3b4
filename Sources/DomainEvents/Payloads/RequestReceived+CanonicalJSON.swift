import CanonicalJSON

extension RequestReceived: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.apiKeyID.rawValue, apiKeyID)
        writer.field(CodingKeys.endpoint.rawValue, endpoint)
        writer.field(CodingKeys.estimatedPromptTokens.rawValue, estimatedPromptTokens)
        writer.field(CodingKeys.keysSeq.rawValue, keysSeq.map(Int.init))
        writer.field(CodingKeys.messages.rawValue, messages)
        writer.field(CodingKeys.origin.rawValue, origin)
        writer.field(CodingKeys.params.rawValue, params)
        writer.field(CodingKeys.requestID.rawValue, requestID)
        writer.field(CodingKeys.requestedModel.rawValue, requestedModel)
        writer.field(CodingKeys.tags.rawValue, tags.isEmpty ? nil : tags)
        writer.field(CodingKeys.team.rawValue, team)
        writer.field(CodingKeys.user.rawValue, user)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var requestID: String?
        var apiKeyID: String?
        var team: String?
        var tags: [String] = []
        var keysSeq: Int64?
        var user: String?
        var requestedModel: String?
        var params: [String: JSONValue]?
        var messages: [JSONValue]?
        var estimatedPromptTokens: Int?
        var endpoint: String?
        var origin: ImportOrigin?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .requestID: requestID = try reader.string()
            case .apiKeyID: apiKeyID = try reader.readNull() ? nil : try reader.string()
            case .team: team = try reader.optionalString()
            case .tags:
                // Read even when open-ended values are skipped: the stats group by tag.
                var list: [String] = []
                try reader.readArray { list.append(try $0.string()) }
                tags = list
            case .keysSeq: keysSeq = try reader.optionalInt().map(Int64.init)
            case .user: user = try reader.readNull() ? nil : try reader.string()
            case .requestedModel: requestedModel = try reader.readNull() ? nil : try reader.string()
            case .params: params = try reader.object()
            case .messages: messages = try reader.readNull() ? nil : try reader.anyArray()
            case .estimatedPromptTokens: estimatedPromptTokens = try reader.int()
            case .endpoint: endpoint = try reader.string()
            case .origin: origin = try reader.readNull() ? nil : try ImportOrigin(reading: &reader)
            case nil: try reader.skipValue()
            }
        }
        self.init(
            requestID: try reader.require(requestID, CodingKeys.requestID, in: "request.received"),
            apiKeyID: apiKeyID,
            team: team,
            tags: tags,
            keysSeq: keysSeq,
            user: user,
            requestedModel: requestedModel,
            params: try reader.require(params, CodingKeys.params, in: "request.received"),
            messages: messages,
            estimatedPromptTokens: try reader.require(estimatedPromptTokens, CodingKeys.estimatedPromptTokens, in: "request.received"),
            endpoint: try reader.require(endpoint, CodingKeys.endpoint, in: "request.received"),
            origin: origin)
    }
}
