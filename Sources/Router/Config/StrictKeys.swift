/// A coding key for any mapping key, used to see the keys a YAML mapping really has.
struct AnyConfigKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the mapping being decoded has a key that `Keys` does not list, so typos are caught.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(besides keys: Keys.Type) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let present = try container(keyedBy: AnyConfigKey.self).allKeys
        let unknown = present.map(\.stringValue).filter { !known.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let expected = Keys.allCases.map(\.stringValue).joined(separator: ", ")
        throw ConfigDecodingProblem(
            code: .unknownKey,
            codingPath: codingPath + [AnyConfigKey(stringValue: first)],
            reason: "unknown key \"\(first)\" (expected one of: \(expected))"
        )
    }
}

/// A problem found while decoding, turned into a `ConfigError` once the file name is known.
struct ConfigDecodingProblem: Error, CustomStringConvertible {
    let code: ConfigError.Code
    let codingPath: [any CodingKey]
    let reason: String

    var description: String { "\(ConfigKeyPath.string(codingPath)): \(reason)" }
}

extension KeyedDecodingContainer {
    /// The value at `key`, or `fallback` when the key is absent or null.
    func value<Value: Decodable>(_ key: Key, or fallback: @autoclosure () -> Value) throws -> Value {
        try decodeIfPresent(Value.self, forKey: key) ?? fallback()
    }
}
