import Crypto

/// The ledger's hash chain: each event's hash commits to the previous hash and to the event.
///
/// `hash = SHA-256(prev_hash ‖ seq ‖ len(type) ‖ type ‖ ts ‖ payload)` where `seq` and `ts` are
/// 8-byte big-endian integers, `len(type)` is one byte, `type` is UTF-8 and `payload` is the
/// uncompressed canonical JSON. The length byte keeps the encoding unambiguous. Because the
/// uncompressed payload is hashed, recompressing frames never changes a hash.
public enum HashChain {
    /// The `prev_hash` of seq 1: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The hash of the event `seq` that follows `previous`.
    public static func link(previous: [UInt8], seq: Int64, type: String, timestamp: Int64, payload: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        let typeBytes = Array(type.utf8)
        hasher.update(data: [UInt8(clamping: typeBytes.count)])
        hasher.update(data: typeBytes)
        withUnsafeBytes(of: timestamp.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: payload)
        return Array(hasher.finalize())
    }
}
