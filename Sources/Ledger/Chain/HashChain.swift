import Crypto
import Foundation

/// The ledger's hash chain: each event's hash commits to the previous hash and to the event.
///
/// ```
/// hash = SHA-256(prev_hash ‖ seq ‖ len(type) ‖ type ‖ ts ‖ schema ‖ event_id ‖ len(request_id) ‖ request_id ‖ payload)
/// ```
/// `seq` and `ts` are 8-byte big-endian integers, `len(type)` one byte, `schema` and
/// `len(request_id)` 4-byte big-endian, `type` and `request_id` UTF-8, `event_id` the UUID's 16
/// bytes and `payload` the uncompressed canonical JSON. `prev_hash` of seq 1 is 32 zero bytes.
///
/// SPEC's formula (`prev_hash ‖ seq ‖ type ‖ ts ‖ payload`) is extended with the length bytes
/// (so the encoding is unambiguous) and with `schema`, `event_id` and `request_id`: without
/// them, moving an event to another request's audit trail would go unnoticed. Because the
/// uncompressed payload is hashed, recompressing frames never changes a hash.
public enum HashChain {
    /// The `prev_hash` of seq 1: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The hash of the event `seq` that follows `previous`.
    public static func link(
        previous: [UInt8], seq: Int64, type: String, timestamp: Int64, schema: Int, eventID: UUID,
        requestID: String, payload: [UInt8]
    ) -> [UInt8] {
        var hasher = SHA256()
        previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        var type = type
        type.withUTF8 { utf8 in
            withUnsafeBytes(of: UInt8(clamping: utf8.count)) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(utf8))
        }
        withUnsafeBytes(of: timestamp.bigEndian) { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: UInt32(clamping: schema).bigEndian) { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: eventID.uuid) { hasher.update(bufferPointer: $0) }
        var requestID = requestID
        requestID.withUTF8 { utf8 in
            withUnsafeBytes(of: UInt32(clamping: utf8.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(utf8))
        }
        payload.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// The hash of an event about to be stored as `seq`.
    public static func link(previous: [UInt8], seq: Int64, event: PreparedEvent) -> [UInt8] {
        link(
            previous: previous, seq: seq, type: event.type.rawValue, timestamp: event.timestamp, schema: event.schema,
            eventID: event.eventID, requestID: event.requestID, payload: event.payload)
    }

    /// The hash a stored event should have after `previous`.
    public static func link(previous: [UInt8], stored event: StoredEvent) -> [UInt8] {
        link(
            previous: previous, seq: event.seq, type: event.type.rawValue, timestamp: event.timestamp, schema: event.schema,
            eventID: event.eventID, requestID: event.requestID, payload: event.payload)
    }

    /// The hash a stored event should have, given its decompressed payload.
    public static func link(previous: [UInt8], record: EventRecord, payload: [UInt8]) -> [UInt8] {
        link(
            previous: previous, seq: record.seq, type: record.type, timestamp: record.timestamp, schema: record.schema,
            eventID: record.eventID, requestID: record.requestID, payload: payload)
    }
}
