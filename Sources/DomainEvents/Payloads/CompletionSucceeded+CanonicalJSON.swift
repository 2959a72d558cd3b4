import CanonicalJSON

extension CompletionSucceeded: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.costUSD.rawValue, costUSD)
        writer.field(CodingKeys.finishReason.rawValue, finishReason)
        writer.field(CodingKeys.inputTokens.rawValue, inputTokens)
        writer.field(CodingKeys.latencyMilliseconds.rawValue, latencyMilliseconds)
        writer.field(CodingKeys.model.rawValue, model)
        writer.field(CodingKeys.outputTokens.rawValue, outputTokens)
        writer.field(CodingKeys.prices.rawValue, prices)
        writer.field(CodingKeys.provider.rawValue, provider)
        writer.field(CodingKeys.responseText.rawValue, responseText)
        writer.field(CodingKeys.simulated.rawValue, simulated)
        writer.field(CodingKeys.tokenSource.rawValue, tokenSource)
        writer.field(CodingKeys.timeToFirstTokenMilliseconds.rawValue, timeToFirstTokenMilliseconds)
        writer.field(CodingKeys.upstreamResponseID.rawValue, upstreamResponseID)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var model: String?
        var provider: String?
        var upstreamResponseID: String?
        var inputTokens: Int?
        var outputTokens: Int?
        var tokenSource: String?
        var costUSD: Double?
        var prices: TokenPrices?
        var latencyMilliseconds: Double?
        var timeToFirstTokenMilliseconds: Double?
        var finishReason: String?
        var responseText: String?
        var simulated: Bool?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .model: model = try reader.string()
            case .provider: provider = try reader.string()
            case .upstreamResponseID: upstreamResponseID = try reader.readNull() ? nil : try reader.string()
            case .inputTokens: inputTokens = try reader.int()
            case .outputTokens: outputTokens = try reader.int()
            case .tokenSource: tokenSource = try reader.string()
            case .costUSD: costUSD = try reader.double()
            case .prices: prices = try TokenPrices(reading: &reader)
            case .latencyMilliseconds: latencyMilliseconds = try reader.double()
            case .timeToFirstTokenMilliseconds: timeToFirstTokenMilliseconds = try reader.readNull() ? nil : try reader.double()
            case .finishReason: finishReason = try reader.readNull() ? nil : try reader.string()
            case .responseText: responseText = try reader.readNull() ? nil : try reader.string()
            case .simulated: simulated = try reader.bool()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            model: try reader.require(model, CodingKeys.model, in: "completion.succeeded"),
            provider: try reader.require(provider, CodingKeys.provider, in: "completion.succeeded"),
            upstreamResponseID: upstreamResponseID,
            inputTokens: try reader.require(inputTokens, CodingKeys.inputTokens, in: "completion.succeeded"),
            outputTokens: try reader.require(outputTokens, CodingKeys.outputTokens, in: "completion.succeeded"),
            tokenSource: try reader.require(tokenSource, CodingKeys.tokenSource, in: "completion.succeeded"),
            costUSD: try reader.require(costUSD, CodingKeys.costUSD, in: "completion.succeeded"),
            prices: try reader.require(prices, CodingKeys.prices, in: "completion.succeeded"),
            latencyMilliseconds: try reader.require(latencyMilliseconds, CodingKeys.latencyMilliseconds, in: "completion.succeeded"),
            timeToFirstTokenMilliseconds: timeToFirstTokenMilliseconds,
            finishReason: finishReason,
            responseText: responseText,
            simulated: try reader.require(simulated, CodingKeys.simulated, in: "completion.succeeded"))
    }
}


extension TokenPrices: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.inputPer1K.rawValue, inputPer1K)
        writer.field(CodingKeys.outputPer1K.rawValue, outputPer1K)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var inputPer1K: Double?
        var outputPer1K: Double?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .inputPer1K: inputPer1K = try reader.double()
            case .outputPer1K: outputPer1K = try reader.double()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            inputPer1K: try reader.require(inputPer1K, CodingKeys.inputPer1K, in: "prices"),
            outputPer1K: try reader.require(outputPer1K, CodingKeys.outputPer1K, in: "prices"))
    }
}
