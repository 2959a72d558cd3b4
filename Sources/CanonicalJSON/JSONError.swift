/// JSON that cannot be read (malformed, or not the shape a type expects) or a value that cannot
/// be written (a number JSON cannot represent), with a message a person understands.
public struct JSONError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, e.g. `invalid JSON at byte 12: expected a string`.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
