/// A strategy or parameter a person asked for that cannot be used: an unknown strategy, a
/// parameter it does not have, or a value out of range.
public struct StrategySpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter at fault (`strategy` for the strategy's name).
    public let parameter: String
    /// What is wrong, in one line.
    public let message: String

    /// An error about `parameter`.
    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { message }
}
