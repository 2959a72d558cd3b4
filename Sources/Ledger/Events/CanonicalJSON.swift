import Foundation

/// The canonical JSON form of payloads: keys sorted, no whitespace, slashes unescaped,
/// so the same event always gives the same bytes (and so the same hash).
public enum CanonicalJSON {
    /// Encodes a value canonically.
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw LedgerError(.invalidEvent, "the payload cannot be encoded as JSON: \(error)")
        }
    }

    /// Decodes a value from canonical (or any valid) JSON bytes.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw LedgerError(.corruptPayload, "a payload is not valid JSON for \(type): \(error)")
        }
    }
}
