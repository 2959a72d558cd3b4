internal import Subprocess
internal import SystemPackage

extension Executable {
    /// `program` as a command line names it: a path when it has a slash, else a name looked up in PATH.
    static func named(_ program: String) -> Executable {
        program.contains("/") ? .path(FilePath(program)) : .name(program)
    }
}

extension Environment {
    /// This process's environment with `variables` added (or replaced).
    static func inherit(adding variables: [String: String]) -> Environment {
        .inherit.updating(Dictionary(uniqueKeysWithValues: variables.map { (Key(stringLiteral: $0.key), $0.value) }))
    }
}
