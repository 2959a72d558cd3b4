/// A file that cannot be imported at all (missing, unreadable, a directory); its message is one line.
public struct ImportFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}
