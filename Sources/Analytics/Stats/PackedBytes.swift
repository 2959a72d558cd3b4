/// Values packed into bytes as the rollup tables store them: unsigned integers as 8 bytes little
/// endian, flags as one byte, optional strings as a presence byte then length and UTF-8. Equal
/// values give equal bytes.
struct PackedBytes {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    mutating func append(_ text: String?) {
        guard let text else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        let utf8 = Array(text.utf8)
        append(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Reads packed values back in the order they were appended; nil past the end or on bytes
    /// that do not hold the value asked for.
    struct Reader {
        private let bytes: [UInt8]
        private var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { offset == bytes.count }

        mutating func uint64() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for index in (offset..<offset + 8).reversed() { value = value << 8 | UInt64(bytes[index]) }
            offset += 8
            return value
        }

        mutating func flag() -> Bool? {
            guard offset < bytes.count, bytes[offset] <= 1 else { return nil }
            offset += 1
            return bytes[offset - 1] == 1
        }

        /// `.some(nil)` for an absent string, nil for bytes that are not a packed string.
        mutating func text() -> String?? {
            guard let present = flag() else { return nil }
            guard present else { return .some(nil) }
            guard let length = uint64(), length <= UInt64(bytes.count - offset) else { return nil }
            let text = String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self)
            offset += Int(length)
            return .some(text)
        }
    }
}
