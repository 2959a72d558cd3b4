/// Input a command cannot use; its message is printed as one line.
struct CommandLineInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
