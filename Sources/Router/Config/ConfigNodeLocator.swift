import Yams

/// Finds where in the YAML text a key path (`models[2].provider`) is written, so every error can
/// carry a line number.
enum ConfigNodeLocator {
    /// The position of the last key (or sequence item) of `keyPath` in `root`; as close as the
    /// document gets when the path ends at a key that is absent.
    static func mark(of keyPath: String, in root: Node) -> Mark? {
        var node = root
        var mark = root.mark
        var rest = Substring(keyPath)
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest.dropFirst().prefix(upTo: close)),
                    let sequence = node.sequence, sequence.indices.contains(index)
                else { break }
                node = sequence[index]
                mark = node.mark
                rest = rest[rest.index(after: close)...]
                continue
            }
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            guard let (key, value) = longestKey(matching: rest, in: node) else { break }
            mark = key.mark
            node = value
            rest = rest.dropFirst(key.string?.count ?? 0)
        }
        return mark
    }

    /// The mapping entry whose key starts `path` and is followed by `.`, `[` or nothing; the longest
    /// such key wins, so keys containing dots (`gpt-4.1`) are found.
    private static func longestKey(matching path: Substring, in node: Node) -> (key: Node, value: Node)? {
        guard let mapping = node.mapping else { return nil }
        let matches = mapping.filter { entry in
            guard let key = entry.key.string, path.hasPrefix(key) else { return false }
            let after = path.dropFirst(key.count)
            return after.isEmpty || after.hasPrefix(".") || after.hasPrefix("[")
        }
        return matches.max { ($0.key.string?.count ?? 0) < ($1.key.string?.count ?? 0) }
    }
}
