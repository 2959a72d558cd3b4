/// Names that model strings reserve and that catalog models and aliases therefore cannot take.
enum ModelNameRules {
    /// The prefix of the `router-<scorer>-<threshold>` family.
    static let routerPrefix = "router-"
    /// The name that asks for the default strategy.
    static let auto = "auto"

    /// Why `name` cannot name a model or alias, or nil when it can.
    static func reservedReason(_ name: String) -> String? {
        if name == auto { return "\"auto\" is reserved for the default strategy" }
        if name.hasPrefix(routerPrefix) { return "names starting with \"router-\" are reserved for threshold routing" }
        return nil
    }
}
