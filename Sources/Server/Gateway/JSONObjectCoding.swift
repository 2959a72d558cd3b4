import CanonicalJSON

/// Reading and writing the JSON objects the gateway passes through (client bodies, upstream
/// responses and stream chunks), with the ledger's JSON reader and writer: Foundation's
/// `JSONDecoder` took a fifth of the gateway's CPU time per request.
enum JSONObjectCoding {
    /// The object in `bytes`, or nil when they are not one JSON object in valid UTF-8 (nesting is
    /// limited to ``JSONReader/maxDepth``, so hostile input cannot exhaust the stack).
    static func object(_ bytes: some Collection<UInt8>) -> [String: JSONValue]? {
        if let parsed = bytes.withContiguousStorageIfAvailable(parse) { return parsed }
        return Array(bytes).withUnsafeBufferPointer(parse)
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        // The reader repairs invalid UTF-8 in strings; input from the network is rejected instead.
        guard buffer.allSatisfy({ $0 < 0x80 }) || String(validating: buffer, as: UTF8.self) != nil else { return nil }
        var reader = JSONReader(buffer)
        guard let object = try? reader.object(), (try? reader.expectEnd()) != nil else { return nil }
        return object
    }

    /// `object` as compact JSON with sorted keys.
    static func bytes(_ object: [String: JSONValue]) -> [UInt8] {
        var writer = JSONWriter(capacity: 1_024)
        writer.write(.object(object))
        return writer.bytes
    }
}
