/// Writes canonical JSON into a byte buffer: the caller writes object keys in sorted (UTF-8 byte)
/// order, there is no whitespace, and numbers and strings are formatted exactly as Foundation's
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` formats them.
///
/// Hand-written because `JSONEncoder` took ~17 µs per 700-byte payload here, most of the
/// ledger's append budget; this writer takes about a tenth of that. A test pins its output to
/// `JSONEncoder`'s byte for byte, so the canonical form does not depend on which one wrote it.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Set when a non-finite number was written (JSON cannot hold it; it was written as null).
    public private(set) var hasInvalidNumber = false
    private var needsComma = false

    public init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key; the value written next belongs to it.
    public mutating func key(_ key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Eight bytes at a time while none needs escaping (the common case).
                if index + 8 <= utf8.count,
                   !Self.needsEscape(UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscaped(byte)
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// True when any of the eight bytes is a control character, a quote or a backslash
    /// (the classic "has zero byte" bit trick, applied to each case).
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below0x20 = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote & highs
        let hasBackslash = (backslash &- ones) & ~backslash & highs
        return (below0x20 | hasQuote | hasBackslash) != 0
    }

    public mutating func int<Integer: BinaryInteger>(_ value: Integer) {
        separate()
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
        needsComma = true
    }

    public mutating func double(_ value: Double) {
        guard value.isFinite else {
            hasInvalidNumber = true
            null()
            return
        }
        separate()
        let text = value.description
        if text.hasSuffix(".0") {
            bytes.append(contentsOf: text.utf8.dropLast(2))
        } else {
            bytes.append(contentsOf: text.utf8)
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
        needsComma = true
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}

extension JSONWriter {
    /// Writes `key` and `value` unless the value is nil (as `encodeIfPresent` does).
    public mutating func field(_ key: String, _ value: String?) {
        if let value {
            self.key(key)
            string(value)
        }
    }

    public mutating func field(_ key: String, _ value: Int?) {
        if let value {
            self.key(key)
            int(value)
        }
    }

    public mutating func field(_ key: String, _ value: Double?) {
        if let value {
            self.key(key)
            double(value)
        }
    }

    public mutating func field(_ key: String, _ value: Bool?) {
        if let value {
            self.key(key)
            bool(value)
        }
    }

    public mutating func field(_ key: String, _ value: [String]?) {
        if let value {
            self.key(key)
            beginArray()
            for element in value { string(element) }
            endArray()
        }
    }

    public mutating func field(_ key: String, _ value: JSONValue?) {
        if let value {
            self.key(key)
            write(value)
        }
    }

    public mutating func field(_ key: String, _ value: [JSONValue]?) {
        if let value {
            self.key(key)
            beginArray()
            for element in value { write(element) }
            endArray()
        }
    }

    public mutating func field(_ key: String, _ value: [String: JSONValue]?) {
        if let value {
            self.key(key)
            write(object: value)
        }
    }

    public mutating func field<Value: CanonicalJSONCodable>(_ key: String, _ value: Value?) {
        if let value {
            self.key(key)
            value.write(to: &self)
        }
    }

    public mutating func field<Value: CanonicalJSONCodable>(_ key: String, _ value: [Value]?) {
        if let value {
            self.key(key)
            beginArray()
            for element in value { element.write(to: &self) }
            endArray()
        }
    }

    /// Writes any JSON value, object keys sorted by their UTF-8 bytes.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let bool): self.bool(bool)
        case .int(let int): self.int(int)
        case .double(let double): self.double(double)
        case .string(let string): self.string(string)
        case .array(let array):
            beginArray()
            for element in array { write(element) }
            endArray()
        case .object(let object): write(object: object)
        }
    }

    private mutating func write(object: [String: JSONValue]) {
        beginObject()
        for key in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            self.key(key)
            write(object[key]!)
        }
        endObject()
    }
}
