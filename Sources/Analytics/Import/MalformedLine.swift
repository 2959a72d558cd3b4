/// A line of an imported file that is not a record, and why: skipped and reported, as
/// llm-compass's own loader skips the lines it cannot read.
public struct MalformedLine: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The line's number in the file (1-based).
    public var line: Int
    /// What is wrong with it, in a few words (`timestamp "yesterday" is not ISO-8601`).
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line 7: not JSON (…)`.
    public var description: String { "line \(line): \(reason)" }
}
