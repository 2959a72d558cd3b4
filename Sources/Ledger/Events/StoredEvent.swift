import Foundation

/// An event as read back from the ledger: the envelope, its chain hash and the canonical payload.
public struct StoredEvent: Sendable, Equatable {
    public var seq: Int64
    public var eventID: UUID
    public var requestID: String
    public var type: EventType
    public var schema: Int
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64
    /// The id of the zstd dictionary the payload frame was written with (0 = none).
    public var dictionaryID: Int
    /// The canonical JSON payload, decompressed.
    public var payload: [UInt8]
    /// The chain hash over this event and its predecessor's hash; the formula is ``HashChain``'s.
    public var hash: [UInt8]

    public init(
        seq: Int64, eventID: UUID, requestID: String, type: EventType, schema: Int, timestamp: Int64,
        dictionaryID: Int, payload: [UInt8], hash: [UInt8]
    ) {
        self.seq = seq
        self.eventID = eventID
        self.requestID = requestID
        self.type = type
        self.schema = schema
        self.timestamp = timestamp
        self.dictionaryID = dictionaryID
        self.payload = payload
        self.hash = hash
    }

    /// The hash as lowercase hex.
    public var hashHex: String { hash.hexString }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal digits of the bytes.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// The bytes of a string of hexadecimal digit pairs (either case); nil when it is not one.
    public init?(hex: String) {
        let digits = Array<UInt8>(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
