/// Turns the decoder's `DecodingError`s into `ConfigError`s a person understands.
enum ConfigDecodingErrorTranslator {
    /// The error, located by key path in `file`.
    static func configError(_ error: DecodingError, file: String) -> ConfigError {
        switch error {
        case .keyNotFound(let key, let context):
            return ConfigError(
                .missingKey, file: file, keyPath: ConfigKeyPath.string(context.codingPath),
                reason: "missing required key \"\(key.stringValue)\""
            )
        case .typeMismatch(let type, let context):
            return ConfigError(
                .invalidValue, file: file, keyPath: ConfigKeyPath.string(context.codingPath),
                reason: "expected \(describe(type))"
            )
        case .valueNotFound(let type, let context):
            return ConfigError(
                .invalidValue, file: file, keyPath: ConfigKeyPath.string(context.codingPath),
                reason: "no value, expected \(describe(type))"
            )
        case .dataCorrupted(let context):
            return ConfigError(
                .invalidValue, file: file, keyPath: ConfigKeyPath.string(context.codingPath),
                reason: context.debugDescription
            )
        @unknown default:
            return ConfigError(.invalidValue, file: file, keyPath: "", reason: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a text"
        default:
            if name.contains("Sequence") || name.hasPrefix("Array") { return "a list" }
            if name.contains("Mapping") || name.hasPrefix("Dictionary") { return "a mapping" }
            if name.contains("Scalar") { return "a single value" }
            return name
        }
    }
}
