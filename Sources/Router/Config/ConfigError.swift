import Yams

/// A configuration file that cannot be used, with the file and the key path at fault.
///
/// Reads as `routeledger.yaml: models[2].provider: unknown provider "openai2"`.
/// A struct with a `Code` rather than an enum, so new cases can be added without breaking callers.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The file cannot be read.
        public static let unreadableFile = Code(name: "unreadable_file")
        /// The text is not well-formed YAML.
        public static let malformedYAML = Code(name: "malformed_yaml")
        /// A key the schema does not know (often a typo).
        public static let unknownKey = Code(name: "unknown_key")
        /// A required key is absent.
        public static let missingKey = Code(name: "missing_key")
        /// A value has the wrong type or is outside its allowed range.
        public static let invalidValue = Code(name: "invalid_value")
        /// Two providers, models or aliases share a name.
        public static let duplicateName = Code(name: "duplicate_name")
        /// A model names a provider that is not defined.
        public static let unknownProvider = Code(name: "unknown_provider")
        /// An alias, fixed strategy or default names a model that is not in the catalog.
        public static let unknownModel = Code(name: "unknown_model")
        /// Aliases point at each other in a circle.
        public static let aliasLoop = Code(name: "alias_loop")
        /// A tier name other than simple, medium and complex.
        public static let badTier = Code(name: "bad_tier")
        /// A model kind other than chat and embedding.
        public static let badModelKind = Code(name: "bad_model_kind")
        /// A tier with no model in it.
        public static let emptyTier = Code(name: "empty_tier")
        /// A price below zero.
        public static let negativePrice = Code(name: "negative_price")
        /// A fallback names a group no model belongs to.
        public static let unknownGroup = Code(name: "unknown_group")
        /// A routing strategy name that does not exist.
        public static let unknownStrategy = Code(name: "unknown_strategy")
        /// A model or alias name that model strings reserve (`auto`, `router-…`).
        public static let reservedName = Code(name: "reserved_name")
    }

    /// What kind of problem this is.
    public let code: Code
    /// The file name as the user gave it (or `<built-in>` / `<string>`).
    public let file: String
    /// Where in the file: `models[2].provider`; empty for the whole document.
    public let keyPath: String
    /// What is wrong, without the file and key path.
    public let reason: String
    /// The 1-based line of the key at fault (or where the YAML parser stopped); nil when unknown.
    public let line: Int?
    /// The 1-based column that goes with `line`.
    public let column: Int?

    /// An error at `keyPath` of `file`, written at `line`:`column` when known.
    public init(_ code: Code, file: String, keyPath: String, reason: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.file = file
        self.keyPath = keyPath
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// `file: keyPath: reason` (the key path already says where); `file:line:column: reason` when
    /// there is no key path, as for malformed YAML.
    public var description: String {
        guard keyPath.isEmpty else { return "\(file): \(keyPath): \(reason)" }
        guard let line, let column else { return "\(file): \(reason)" }
        return "\(file):\(line):\(column): \(reason)"
    }

    /// The same error, placed at the line and column where `keyPath` is written in `root`.
    func located(in root: Node) -> ConfigError {
        guard line == nil, let mark = ConfigNodeLocator.mark(of: keyPath, in: root) else { return self }
        return ConfigError(code, file: file, keyPath: keyPath, reason: reason, line: mark.line, column: mark.column)
    }
}
