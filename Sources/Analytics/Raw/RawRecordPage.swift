import CanonicalJSON

/// A `/stats/raw` answer: `{total, limit, offset, records, next_cursor}`, records newest first.
public struct RawRecordPage: Sendable {
    /// Ended requests in the ledger (the whole listing, not this page).
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var records: [[String: JSONValue]]
    /// Continues the listing after this page; nil when nothing older is left.
    public var nextCursor: String?

    public init(total: Int, limit: Int, offset: Int, records: [[String: JSONValue]], nextCursor: String?) {
        self.total = total
        self.limit = limit
        self.offset = offset
        self.records = records
        self.nextCursor = nextCursor
    }

    /// The answer as JSON with sorted keys.
    public var json: JSONValue {
        .object([
            "total": .int(Int64(total)), "limit": .int(Int64(limit)), "offset": .int(Int64(offset)),
            "records": .array(records.map(JSONValue.object)), "next_cursor": nextCursor.map(JSONValue.string) ?? .null,
        ])
    }

    /// ``json`` as bytes.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 4_096)
        writer.write(json)
        return writer.bytes
    }
}
