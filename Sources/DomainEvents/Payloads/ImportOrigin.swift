import CanonicalJSON

/// Where an imported request came from: a record of another system's log (e.g. llm-compass's
/// `call_history.jsonl`), turned into events by `routeledger import`.
///
/// The events hold what routeledger knows how to hold; `kept` and `absent` hold the difference
/// between the original record and the record rendered from those events, so the original can be
/// given back exactly (by `/stats/raw` and `export`) and proven unaltered by the hash chain.
public struct ImportOrigin: Codable, Sendable, Equatable {
    /// The format imported (`llm-compass`).
    public var format: String
    /// The record's line in the imported file (1-based).
    public var line: Int
    /// Fields of the original record that the rendered record lacks or holds differently, by
    /// section (`record` for top-level keys, `request`, `routing`, `llm`) and key, as written.
    public var kept: [String: JSONValue]
    /// Keys the rendered record has and the original did not, by section.
    public var absent: [String: JSONValue]

    public init(format: String, line: Int, kept: [String: JSONValue] = [:], absent: [String: JSONValue] = [:]) {
        self.format = format
        self.line = line
        self.kept = kept
        self.absent = absent
    }

    enum CodingKeys: String, CodingKey {
        case format, line, kept, absent
    }
}

extension ImportOrigin: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.absent.rawValue, absent)
        writer.field(CodingKeys.format.rawValue, format)
        writer.field(CodingKeys.kept.rawValue, kept)
        writer.field(CodingKeys.line.rawValue, line)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var format: String?
        var line: Int?
        var kept: [String: JSONValue]?
        var absent: [String: JSONValue]?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .format: format = try reader.string()
            case .line: line = try reader.int()
            case .kept: kept = try reader.object()
            case .absent: absent = try reader.object()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            format: try reader.require(format, CodingKeys.format, in: "request.received origin"),
            line: try reader.require(line, CodingKeys.line, in: "request.received origin"),
            kept: kept ?? [:], absent: absent ?? [:])
    }
}
