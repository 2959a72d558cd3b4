import Foundation

/// The encoding every listing cursor shares: base64url (no padding) of a prefix naming the
/// listing and its version, then whole numbers separated by `:` — opaque to clients, and read
/// back only when it is exactly what ``make(prefix:_:)`` writes for the numbers it holds.
enum OpaqueCursor {
    /// The cursor holding `numbers` under `prefix` (which ends in `:`).
    static func make(prefix: String, _ numbers: [Int64]) -> String {
        Data((prefix + numbers.map(String.init).joined(separator: ":")).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The `count` numbers `text` holds under `prefix`; nil when `text` is not a cursor
    /// ``make(prefix:_:)`` wrote with that prefix and that many numbers.
    static func numbers(_ text: String, prefix: String, count: Int) -> [Int64]? {
        guard !text.isEmpty, text.count <= 128,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            decoded.hasPrefix(prefix)
        else { return nil }
        let parts = decoded.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int64($0) }
        guard parts.count == count, numbers.count == count, make(prefix: prefix, numbers) == text else { return nil }
        return numbers
    }
}
