/// An evaluation set that cannot be used: the file, the 1-based line and what is wrong.
///
/// Reads as `routing_eval.jsonl: line 12: unknown tier "hard" (expected one of "simple", …)`.
/// A struct with a `Code` rather than an enum, so new cases can be added without breaking callers.
public struct EvaluationSetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The file cannot be read.
        public static let unreadableFile = Code(name: "unreadable_file")
        /// A line is not a valid record: bad JSON, a missing field, an unknown label, bad messages.
        public static let invalidRecord = Code(name: "invalid_record")
        /// A record reuses the id of an earlier one.
        public static let duplicateID = Code(name: "duplicate_id")
    }

    /// What kind of problem this is.
    public let code: Code
    /// The file as the user named it; nil for text parsed from memory.
    public let file: String?
    /// The 1-based line at fault; nil when the whole file is.
    public let line: Int?
    /// What is wrong, without the file and line.
    public let reason: String

    /// An error about `line` of `file`.
    public init(_ code: Code, file: String?, line: Int?, reason: String) {
        self.code = code
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file: line N: reason`, leaving out the parts that are unknown.
    public var description: String {
        [file, line.map { "line \($0)" }, reason].compactMap { $0 }.joined(separator: ": ")
    }
}
