/// The names the configuration and the command line accept for environment variables that hold
/// secrets (keys, the database URL): a letter or underscore, then letters, digits, underscores —
/// so a key or a URL pasted where its variable's name belongs is refused, never used or echoed.
public enum EnvironmentVariableName {
    /// Whether `name` is such a name.
    public static func isValid(_ name: String) -> Bool {
        name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
