/// What the classifier's text reader makes of one scalar.
enum ScalarKind: UInt8 {
    case letter, digit, cjk, space, other

    /// The kind of `scalar`: from a table for the first two planes, from Unicode properties above them.
    @inline(__always)
    static func of(_ scalar: Unicode.Scalar) -> ScalarKind {
        let value = scalar.value
        guard value >= 0x80 else {
            if value >= 0x61 && value <= 0x7A || value >= 0x41 && value <= 0x5A { return .letter }
            if value >= 0x30 && value <= 0x39 { return .digit }
            if value == 0x20 || value >= 0x09 && value <= 0x0D { return .space }
            return .other
        }
        if value < TabledKinds.scalarCount { return ScalarKind(rawValue: TabledKinds.table[Int(value)])! }
        return computed(scalar)
    }

    /// The kind from the scalar's Unicode properties (what the table holds).
    static func computed(_ scalar: Unicode.Scalar) -> ScalarKind {
        if isCJK(scalar) { return .cjk }
        switch scalar.value {
        case 0x3000, 0x2000...0x200A, 0x2028, 0x2029: return .space
        case 0x3001...0x303F, 0x2010...0x2027, 0x2030...0x205E, 0xFF01...0xFF0F, 0xFF1A...0xFF20: return .other
        default: break
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return .letter }
        if properties.numericType != nil { return .digit }
        if properties.isWhitespace { return .space }
        return .other
    }

    /// CJK unified ideographs (and extension A), kana and Hangul syllables: scripts written without spaces.
    @inline(__always)
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3040...0x30FF, 0xAC00...0xD7AF, 0xF900...0xFAFF: return true
        default: return false
        }
    }
}

/// The kind of every scalar below U+20000 (the basic and supplementary multilingual planes, where
/// emoji live), computed once per process: Unicode property look-ups were a fifth of the
/// classifier's time on non-English prompts.
private enum TabledKinds {
    /// How many scalars the table covers.
    static let scalarCount: UInt32 = 0x20000
    /// `scalarCount` raw kinds, written once before first use and never freed or changed again.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: Int(scalarCount))
        for value in 0..<scalarCount {
            // Surrogates are not scalars and never occur in a String.
            table[Int(value)] = Unicode.Scalar(value).map { ScalarKind.computed($0).rawValue } ?? ScalarKind.other.rawValue
        }
        return UnsafePointer(table)
    }()
}
