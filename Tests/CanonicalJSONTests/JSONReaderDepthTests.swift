import CanonicalJSON
import Testing

/// `JSONReader.value()` reads nesting up to `maxDepth` and rejects deeper input instead of
/// exhausting the stack.
@Suite struct JSONReaderDepthTests {
    private func read(_ text: String) throws -> JSONValue {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer in
            var reader = JSONReader(UnsafeBufferPointer(buffer))
            let value = try reader.value()
            try reader.expectEnd()
            return value
        }
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        let depth = JSONReader.maxDepth
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try read(arrays)
        for _ in 1..<depth {
            guard case .array(let inner) = value, let first = inner.first else { break }
            value = first
        }
        #expect(value == .array([]))
        let objects = String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(throws: Never.self) { try read(objects) }
    }

    @Test(arguments: [JSONReader.maxDepth + 1, 100_000])
    func deeperNestingIsAnError(depth: Int) {
        #expect(throws: JSONError.self) { try read(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) }
        #expect(throws: JSONError.self) { try read(String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)) }
    }
}
