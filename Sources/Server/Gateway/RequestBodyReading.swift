import CanonicalJSON

/// What every request body parser shares: the body as one JSON object, and optional fields of one
/// JSON type, each problem a 400 naming the field.
enum RequestBodyReading {
    /// The JSON object in `bytes`.
    static func object(_ bytes: [UInt8]) throws(OpenAIError) -> [String: JSONValue] {
        guard !bytes.isEmpty else {
            throw .invalidRequest("the request body is empty; send a JSON object")
        }
        guard let object = JSONObjectCoding.object(bytes) else {
            throw .invalidRequest("the request body is not a valid JSON object")
        }
        return object
    }

    /// `fields[key]` read by `read`; nil when absent or null, a 400 when `read` rejects it.
    static func optional<Value>(
        _ fields: [String: JSONValue], _ key: String, as expected: String, _ read: (JSONValue) -> Value?
    ) throws(OpenAIError) -> Value? {
        guard let value = fields[key], value != .null else { return nil }
        guard let typed = read(value) else {
            throw .invalidRequest("\(key) must be \(expected)", param: key)
        }
        return typed
    }

    /// A string field.
    static func string(_ fields: [String: JSONValue], _ key: String) throws(OpenAIError) -> String? {
        try optional(fields, key, as: "a string") { value -> String? in
            if case .string(let text) = value { return text } else { return nil }
        }
    }
}
