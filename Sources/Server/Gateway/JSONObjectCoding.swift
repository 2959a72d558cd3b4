import Foundation
import Ledger

/// Reading and writing the JSON objects the gateway passes through (client bodies, upstream
/// responses and stream chunks).
enum JSONObjectCoding {
    /// The object in `bytes`, or nil when they are not a JSON object. Foundation's decoder is used
    /// for input from the network because it limits nesting depth (a deeply nested body cannot
    /// exhaust the stack).
    static func object(_ bytes: some Collection<UInt8>) -> [String: JSONValue]? {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            return nil
        }
        return object
    }

    /// `object` as compact JSON with sorted keys.
    static func bytes(_ object: [String: JSONValue]) -> [UInt8] {
        var writer = JSONWriter(capacity: 1_024)
        writer.write(.object(object))
        return writer.bytes
    }
}
