/// Strings stored once and referred to by a small number: model names, tiers, strategies, config
/// hashes and key ids repeat on every request, so a replay column holds `Int32` codes, not strings.
public struct SymbolTable: Sendable {
    /// The strings by code.
    public private(set) var names: [String] = []
    private var codes: [String: Int32] = [:]

    public init() {}

    /// The code of `name`, adding it when new.
    public mutating func code(_ name: String) -> Int32 {
        if let code = codes[name] { return code }
        let code = Int32(names.count)
        names.append(name)
        codes[name] = code
        return code
    }

    /// The code of `name` if it is stored.
    public func existingCode(_ name: String) -> Int32? {
        codes[name]
    }

    /// The string of `code`.
    public subscript(code: Int32) -> String {
        names[Int(code)]
    }
}
