/// Lines of a file, copied out of the reader's buffer (which the next read overwrites), with
/// their line numbers and occurrences.
struct LineBatch: Sendable {
    var bytes: [UInt8] = []
    var lines: [(range: Range<Int>, number: Int, occurrence: Int)] = []

    var count: Int { lines.count }

    mutating func append(_ line: ArraySlice<UInt8>, number: Int, occurrence: Int) {
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append((start..<bytes.count, number, occurrence))
    }
}
