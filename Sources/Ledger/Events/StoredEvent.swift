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
    /// SHA-256 of (previous hash ‖ seq ‖ type ‖ ts ‖ payload); see ``HashChain``.
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

    /// The typed payload.
    public func decoded(skippingOpenEndedValues: Bool = false) throws -> LedgerEvent {
        try LedgerEvent.decode(type: type, schema: schema, payload: payload, skippingOpenEndedValues: skippingOpenEndedValues)
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
