/// A value with a hand-written canonical JSON form (see ``JSONWriter`` for why it is hand-written).
///
/// Conformers write their keys in sorted order and read keys in any order, skipping unknown ones.
/// Key names come from the type's `CodingKeys`, the single source shared with its `Codable` form.
public protocol CanonicalJSONCodable {
    /// Writes the value as canonical JSON.
    func write(to writer: inout JSONWriter)
    /// Reads the value from JSON.
    init(reading reader: inout JSONReader) throws
}

extension CanonicalJSONCodable {
    /// The canonical JSON bytes of the value.
    public func canonicalJSON() throws -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        if writer.hasInvalidNumber {
            throw JSONError("\(Self.self) holds a number JSON cannot represent (NaN or infinity)")
        }
        return writer.bytes
    }

    /// Reads a value from complete JSON bytes; with `skippingOpenEndedValues`, its open-ended
    /// values (messages, parameters, …) are left empty (see ``JSONReader/skipsOpenEndedValues``).
    public init(canonicalJSON bytes: [UInt8], skippingOpenEndedValues: Bool = false) throws {
        self = try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer, skipsOpenEndedValues: skippingOpenEndedValues)
            let value = try Self(reading: &reader)
            try reader.expectEnd()
            return value
        }
    }
}
