import Foundation
import SQLiteSupport

/// How a request id is stored: a canonical lowercase UUID string as its 16 bytes, anything else as text.
///
/// Request ids are UUIDs in the common case; storing them as 16 bytes instead of 36 characters
/// saves about 40 bytes per event (row plus index). The mapping is exact both ways. Parsed by hand
/// because Foundation's `UUID(uuidString:)` goes through `sscanf` (a visible cost on the writer thread).
enum StoredKey: Equatable {
    case blob([UInt8])
    case text(String)

    init(requestID: String) {
        self = StoredKey.parseLowercaseUUID(requestID).map(StoredKey.blob) ?? .text(requestID)
    }

    /// The request id string this key was made from.
    var requestID: String {
        switch self {
        case .text(let text):
            return text
        case .blob(let bytes):
            return StoredKey.formatLowercaseUUID(bytes)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The 16 bytes of `text` when it is a UUID in canonical lowercase form (8-4-4-4-12 hex digits).
    static func parseLowercaseUUID(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { utf8 -> [UInt8]? in
            guard utf8.count == 36 else { return nil }
            var bytes = [UInt8]()
            bytes.reserveCapacity(16)
            var index = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard utf8[index] == UInt8(ascii: "-") else { return nil }
                    index += 1
                    continue
                }
                guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }
    }

    /// The canonical lowercase form of 16 UUID bytes (hex for any other length).
    static func formatLowercaseUUID(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return bytes.hexString }
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension UUID {
    /// A UUID from its 16 bytes.
    static func fromBytes(_ b: [UInt8]) -> UUID {
        UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    /// The UUID's 16 bytes.
    var bytes: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }
}

extension SQLiteStatement {
    /// Binds a request id as stored (16 bytes or text).
    func bind(_ index: Int32, _ key: StoredKey) {
        switch key {
        case .blob(let bytes): bind(index, bytes)
        case .text(let text): bind(index, text)
        }
    }

    /// A request id column read back as stored.
    func key(_ column: Int32) -> StoredKey {
        isBlob(column) ? .blob(blob(column)) : .text(text(column))
    }
}
