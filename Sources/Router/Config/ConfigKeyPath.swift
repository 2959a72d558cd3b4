/// Writes a decoder's coding path the way a person reads a YAML file: `models[2].provider`.
enum ConfigKeyPath {
    /// The path of `keys`, with sequence positions as `[n]`.
    static func string(_ keys: [any CodingKey]) -> String {
        var path = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }
}
