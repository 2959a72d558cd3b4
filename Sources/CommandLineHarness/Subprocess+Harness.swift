internal import Subprocess

extension Environment {
    /// This process's environment with `variables` added (or replaced).
    static func inherit(adding variables: [String: String]) -> Environment {
        .inherit.updating(Dictionary(uniqueKeysWithValues: variables.map { (Key(stringLiteral: $0.key), $0.value) }))
    }
}
