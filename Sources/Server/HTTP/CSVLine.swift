import Foundation

/// One CSV line (RFC 4180): fields joined by commas, a field holding a comma, quote or line break
/// quoted with its quotes doubled. Shared by `routeledger replay --csv` and the console's export.
enum CSVLine {
    static func make(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
