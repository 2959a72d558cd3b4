import CanonicalJSON
import Router

/// An OpenAI embeddings request as received: the whole JSON object (forwarded unchanged except
/// `model`) plus what the gateway reads from it.
struct EmbeddingsBody: Sendable {
    /// One input: text, or tokens already encoded.
    enum Input: Sendable, Equatable {
        case text(String)
        case tokens([Int64])
    }

    /// Every field of the request.
    var fields: [String: JSONValue]
    var model: String
    var inputs: [Input]
    /// `float` (the default) or `base64`.
    var encodingFormat: String
    /// The requested vector length, if any.
    var dimensions: Int?
    var user: String?

    /// OpenAI's limit on inputs per request.
    static let maxInputs = 2_048
    /// Request parameters recorded in `request.received` (the inputs are recorded apart).
    static let recordedParamNames: Set<String> = ["encoding_format", "dimensions"]

    /// Parses and checks `bytes`; every problem is a 400 naming the field.
    init(json bytes: [UInt8]) throws(OpenAIError) {
        try self.init(fields: try RequestBodyReading.object(bytes))
    }

    /// Checks an already parsed request object.
    init(fields: [String: JSONValue]) throws(OpenAIError) {
        self.fields = fields
        guard case .string(let model)? = fields["model"], !model.isEmpty else {
            throw .invalidRequest("model is required and must be a non-empty string", param: "model")
        }
        self.model = model
        inputs = try Self.inputs(fields["input"])
        switch fields["encoding_format"] {
        case nil, .null?: encodingFormat = "float"
        case .string(let format)? where format == "float" || format == "base64": encodingFormat = format
        default: throw .invalidRequest("encoding_format must be \"float\" or \"base64\"", param: "encoding_format")
        }
        switch fields["dimensions"] {
        case nil, .null?: dimensions = nil
        case .int(let count)? where count >= 1 && count <= 65_536: dimensions = Int(count)
        default: throw .invalidRequest("dimensions must be an integer between 1 and 65536", param: "dimensions")
        }
        user = try RequestBodyReading.string(fields, "user")
    }

    /// The body for the upstream: the same fields with `model` set to the upstream model id.
    func upstreamBody(model: String) -> [String: JSONValue] {
        var body = fields
        body["model"] = .string(model)
        return body
    }

    /// The parameters recorded in the ledger.
    var recordedParams: [String: JSONValue] {
        fields.filter { Self.recordedParamNames.contains($0.key) }
    }

    /// The inputs as sent, for the ledger.
    var rawInputs: [JSONValue] {
        if case .array(let list)? = fields["input"] { return list }
        return fields["input"].map { [$0] } ?? []
    }

    /// Input tokens: text counted with cl100k_base, token arrays by their length.
    var tokenCount: Int {
        let tokenizer = Tokenizer.shared(.cl100kBase)
        return inputs.reduce(0) { total, input in
            switch input {
            case .text(let text): total + tokenizer.count(text)
            case .tokens(let tokens): total + tokens.count
            }
        }
    }

    /// `input`: a string, an array of strings, an array of token ids, or an array of such arrays;
    /// never empty.
    private static func inputs(_ value: JSONValue?) throws(OpenAIError) -> [Input] {
        let shape = "input must be a string, an array of strings, an array of token ids or an array of token-id arrays"
        switch value {
        case nil, .null?:
            throw .invalidRequest("input is required", param: "input")
        case .string(let text)?:
            guard !text.isEmpty else { throw .invalidRequest("input must not be an empty string", param: "input") }
            return [.text(text)]
        case .array(let list)?:
            guard !list.isEmpty else { throw .invalidRequest("input must not be empty", param: "input") }
            guard list.count <= maxInputs else {
                throw .invalidRequest("input must have at most \(maxInputs) items, got \(list.count)", param: "input")
            }
            if let tokens = tokenIDs(list) { return [.tokens(tokens)] }
            var inputs: [Input] = []
            inputs.reserveCapacity(list.count)
            for (index, item) in list.enumerated() {
                switch item {
                case .string(let text) where !text.isEmpty: inputs.append(.text(text))
                case .array(let nested):
                    guard !nested.isEmpty, let tokens = tokenIDs(nested) else {
                        throw .invalidRequest("input[\(index)] must be a non-empty array of token ids", param: "input[\(index)]")
                    }
                    inputs.append(.tokens(tokens))
                default:
                    throw .invalidRequest("input[\(index)] must be a non-empty string or an array of token ids", param: "input[\(index)]")
                }
            }
            return inputs
        default:
            throw .invalidRequest(shape, param: "input")
        }
    }

    /// The list as token ids, if every item is a non-negative integer.
    private static func tokenIDs(_ list: [JSONValue]) -> [Int64]? {
        var tokens: [Int64] = []
        tokens.reserveCapacity(list.count)
        for item in list {
            guard case .int(let id) = item, id >= 0 else { return nil }
            tokens.append(id)
        }
        return tokens
    }
}
