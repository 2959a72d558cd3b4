/// A pull parser over JSON bytes, for the hand-written decoding of payloads (see ``JSONWriter``:
/// `JSONDecoder` took ~22 µs per payload here; the ledger's scan budget is a few µs).
///
/// Strict RFC 8259 syntax; errors are ``JSONError``s naming the byte offset.
public struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Objects and arrays open around the value ``value()`` is reading.
    private var depth = 0

    /// The deepest nesting ``value()`` reads (as Foundation's `JSONDecoder`), so hostile input
    /// cannot exhaust the stack.
    public static let maxDepth = 512

    /// When set, ``object()``, ``anyArray()``, ``stringArray()`` and ``array(of:)`` skip their value
    /// and answer it empty: for readers (projections) that never look at open-ended values and
    /// lists — messages, parameters, candidates, signals — whose building is most of a payload's
    /// decoding cost.
    public var skipsOpenEndedValues = false

    /// A reader over `bytes`, which must stay valid while it is used.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, skipsOpenEndedValues: Bool = false) {
        self.bytes = bytes
        self.skipsOpenEndedValues = skipsOpenEndedValues
    }

    // MARK: - Containers

    /// Reads an object, calling `body` with each key; `body` must read (or skip) the key's value.
    public mutating func readObject(_ body: (String, inout JSONReader) throws -> Void) throws {
        try walkObject { reader in
            let key = try reader.string()
            try reader.expect(UInt8(ascii: ":"))
            try body(key, &reader)
        }
    }

    /// Reads an object's braces and commas, calling `entry` to read each `key: value`.
    private mutating func walkObject(_ entry: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try entry(&self)
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw error("expected , or } in an object")
            }
        }
    }

    /// Reads an array, calling `body` once per element; `body` must read the element.
    public mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return
            default: throw error("expected , or ] in an array")
            }
        }
    }

    /// Fails unless only whitespace is left.
    public mutating func expectEnd() throws {
        skipWhitespace()
        if index != bytes.count { throw error("unexpected bytes after the JSON value") }
    }

    // MARK: - Scalars

    /// True (and consumes it) when the next value is `null`.
    public mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    public mutating func bool() throws -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw error("expected true or false")
        }
    }

    public mutating func string() throws -> String {
        skipWhitespace()
        guard next() == UInt8(ascii: "\"") else { throw error("expected a string") }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        throw error("unterminated string")
    }

    public mutating func int() throws -> Int {
        let number = try self.number()
        switch number {
        case .int(let value): return Int(value)
        case .double(let value):
            guard value.rounded() == value, let exact = Int(exactly: value) else { throw error("expected an integer") }
            return exact
        default: throw error("expected an integer")
        }
    }

    public mutating func double() throws -> Double {
        guard let value = try number().doubleValue else { throw error("expected a number") }
        return value
    }

    /// A string, or nil for `null`.
    public mutating func optionalString() throws -> String? { try readNull() ? nil : string() }
    /// An integer, or nil for `null`.
    public mutating func optionalInt() throws -> Int? { try readNull() ? nil : int() }
    /// A number, or nil for `null`.
    public mutating func optionalDouble() throws -> Double? { try readNull() ? nil : double() }

    public mutating func stringArray() throws -> [String] {
        if try skippedList() { return [] }
        var values: [String] = []
        try readArray { values.append(try $0.string()) }
        return values
    }

    public mutating func array<Value: CanonicalJSONCodable>(of type: Value.Type) throws -> [Value] {
        if try skippedList() { return [] }
        var values: [Value] = []
        try readArray { values.append(try Value(reading: &$0)) }
        return values
    }

    /// Any JSON value, nested at most ``maxDepth`` deep.
    public mutating func value() throws -> JSONValue {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return try nested { try $0.container() }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try bool())
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return try number()
        }
    }

    /// Reads the object or array starting here one level deeper, refusing to go past ``maxDepth``.
    private mutating func nested<T>(_ body: (inout JSONReader) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
        return try body(&self)
    }

    /// The object or array starting here.
    private mutating func container() throws -> JSONValue {
        if peek() == UInt8(ascii: "{") {
            var object: [String: JSONValue] = [:]
            try readObject { key, reader in object[key] = try reader.value() }
            return .object(object)
        }
        var array: [JSONValue] = []
        try readArray { array.append(try $0.value()) }
        return .array(array)
    }

    /// An object of any values.
    public mutating func object() throws -> [String: JSONValue] {
        if skipsOpenEndedValues {
            skipWhitespace()
            guard peek() == UInt8(ascii: "{") else { throw error("expected an object") }
            try skipValue()
            return [:]
        }
        guard case .object(let object) = try value() else { throw error("expected an object") }
        return object
    }

    /// An array of any values.
    public mutating func anyArray() throws -> [JSONValue] {
        if skipsOpenEndedValues {
            skipWhitespace()
            guard peek() == UInt8(ascii: "[") else { throw error("expected an array") }
            try skipValue()
            return []
        }
        guard case .array(let array) = try value() else { throw error("expected an array") }
        return array
    }

    /// Skips the next value, whatever it is (an unknown key's value), checking its syntax as
    /// ``value()`` does but building nothing.
    public mutating func skipValue() throws {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "["):
            try nested { try $0.readArray { try $0.skipValue() } }
        case UInt8(ascii: "{"):
            try nested { reader in
                try reader.walkObject { reader in
                    try reader.skipString()
                    try reader.expect(UInt8(ascii: ":"))
                    try reader.skipValue()
                }
            }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            _ = try number()
        }
    }

    /// With ``skipsOpenEndedValues``, skips the array that comes next and answers true.
    private mutating func skippedList() throws -> Bool {
        guard skipsOpenEndedValues else { return false }
        skipWhitespace()
        guard peek() == UInt8(ascii: "[") else { throw error("expected an array") }
        try skipValue()
        return true
    }

    /// Skips a string, checking its escapes and control characters as ``string()`` does.
    private mutating func skipString() throws {
        guard next() == UInt8(ascii: "\"") else { throw error("expected a string") }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "n"), UInt8(ascii: "r"),
                    UInt8(ascii: "t"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                    continue
                case UInt8(ascii: "u"):
                    let scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a string")
                        }
                        guard (0xDC00..<0xE000).contains(try hex4()) else { throw error("unpaired surrogate in a string") }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw error("invalid \\u escape")
                    }
                default:
                    throw error("invalid escape in a string")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
            }
        }
        throw error("unterminated string")
    }

    /// The value of a required key, or an error naming the key when it was absent.
    public func require<Value>(_ value: Value?, _ key: some CodingKey, in type: String) throws -> Value {
        guard let value else { throw JSONError("the \(type) payload has no \(key.stringValue)") }
        return value
    }

    // MARK: - Lexing

    private mutating func number() throws -> JSONValue {
        skipWhitespace()
        let start = index
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        // Digits of the integer and fraction parts, as one integer (while it fits).
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var overflow = false
        let digitsStart = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            accumulate(bytes[index], into: &mantissa, digits: &significantDigits, overflow: &overflow)
            index += 1
        }
        let integerDigits = index - digitsStart
        guard integerDigits > 0 else { throw error("expected a value") }
        if integerDigits > 1, bytes[digitsStart] == UInt8(ascii: "0") { throw error("leading zero in a number") }
        var isInteger = true
        var fractionDigits = 0
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                accumulate(bytes[index], into: &mantissa, digits: &significantDigits, overflow: &overflow)
                index += 1
            }
            fractionDigits = index - fractionStart
            if fractionDigits == 0 { throw error("expected digits after the decimal point") }
        }
        var exponent = 0
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            if index == exponentStart { throw error("expected digits in the exponent") }
            if exponentNegative { exponent = -exponent }
        }
        if isInteger, !overflow {
            if negative, mantissa <= UInt64(Int64.max) + 1 {
                return .int(mantissa == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mantissa))
            }
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
        }
        // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact
        // doubles, so one multiplication or division gives the correctly rounded result.
        let scale = exponent - fractionDigits
        if !overflow, significantDigits <= 15, (-22...22).contains(scale) {
            let magnitude = scale < 0 ? Double(mantissa) / Self.powersOfTen[-scale] : Double(mantissa) * Self.powersOfTen[scale]
            return .double(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number \(text)") }
        return .double(value)
    }

    private static let powersOfTen: [Double] = (0...22).map { pow10 in
        var value = 1.0
        for _ in 0..<pow10 { value *= 10 }
        return value
    }

    private func accumulate(_ digit: UInt8, into mantissa: inout UInt64, digits: inout Int, overflow: inout Bool) {
        if mantissa == 0, digit == UInt8(ascii: "0") { return }
        digits += 1
        let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
        mantissa = sum
        overflow = overflow || o1 || o2
    }

    private mutating func escapedString(from start: Int) throws -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a string")
                        }
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    throw error("invalid escape in a string")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
                out.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("expected \(word)") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("expected \(word)")
        }
        index += count
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard next() == byte else { throw error("expected \(Character(Unicode.Scalar(byte)))") }
    }

    private func peek() -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    private mutating func next() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func error(_ message: String) -> JSONError {
        JSONError("invalid JSON at byte \(index): \(message)")
    }
}
