/// Reads JSON text keeping what parsers throw away: the order of each object's keys and any
/// whitespace between tokens. Used to check that canonical payloads are really canonical.
struct JSONKeyOrder {
    /// The keys of every object in the document, in document order, each list in the order written.
    private(set) var objects: [[String]] = []
    /// Whether whitespace appears outside strings.
    private(set) var hasWhitespace = false

    private let bytes: [UInt8]
    private var index = 0

    /// Parses `bytes`, which must be one complete JSON value.
    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        try value()
        skipWhitespace()
        guard index == bytes.count else { throw failure("trailing bytes") }
    }

    private mutating func value() throws {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): _ = try string()
        default: try scalar()
        }
    }

    private mutating func object() throws {
        index += 1
        var keys: [String] = []
        let slot = objects.count
        objects.append([])
        skipWhitespace()
        if try consume("}") {
            return
        }
        repeat {
            skipWhitespace()
            keys.append(try string())
            skipWhitespace()
            guard try consume(":") else { throw failure("expected ':'") }
            try value()
            skipWhitespace()
        } while try consume(",")
        guard try consume("}") else { throw failure("expected '}'") }
        objects[slot] = keys
    }

    private mutating func array() throws {
        index += 1
        skipWhitespace()
        if try consume("]") { return }
        repeat {
            try value()
            skipWhitespace()
        } while try consume(",")
        guard try consume("]") else { throw failure("expected ']'") }
    }

    private mutating func scalar() throws {
        let start = index
        while index < bytes.count, !Set(",]}: \n\r\t".utf8).contains(bytes[index]) { index += 1 }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        guard token == "null" || token == "true" || token == "false" || Double(token) != nil else {
            throw failure("bad scalar \(token)")
        }
    }

    /// A string token, unescaped.
    private mutating func string() throws -> String {
        guard try consume("\"") else { throw failure("expected a string") }
        var units: [UInt16] = []
        var raw: [UInt8] = []
        func flushRaw() {
            units += String(decoding: raw, as: UTF8.self).utf16
            raw = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flushRaw()
                return String(decoding: units, as: UTF16.self)
            case UInt8(ascii: "\\"):
                flushRaw()
                guard index < bytes.count else { throw failure("unfinished escape") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { throw failure("bad \\u escape") }
                    units.append(unit)
                    index += 4
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "t"): units.append(0x09)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): units.append(UInt16(escaped))
                default: throw failure("bad escape")
                }
            default:
                raw.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func consume(_ character: Unicode.Scalar) throws -> Bool {
        guard index < bytes.count else { throw failure("unexpected end") }
        if bytes[index] == UInt8(ascii: character) {
            index += 1
            return true
        }
        return false
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
            hasWhitespace = true
            index += 1
        }
    }

    private func failure(_ what: String) -> TestFailure {
        TestFailure("invalid JSON at byte \(index): \(what)")
    }
}

extension String {
    /// Whether the string sorts before `other` by Unicode code points (the order of their UTF-8 bytes).
    func precedesByCodePoint(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
