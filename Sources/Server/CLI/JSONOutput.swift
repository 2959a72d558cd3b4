import CanonicalJSON
import Foundation

/// Prints a value as pretty JSON with sorted keys on standard output (the `--json` form of a command).
func printJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints a JSON value as the ledger writes JSON (compact, keys sorted) on standard output.
func printJSONValue(_ value: JSONValue) {
    var writer = JSONWriter(capacity: 4_096)
    writer.write(value)
    print(String(decoding: writer.bytes, as: UTF8.self))
}
