/// The parameters of a `/stats/raw` page (`limit`, `offset`, `cursor`, and one of the `key`,
/// `team`, `user`, `tag` filters), checked.
public struct RawPageQuery: Sendable, Equatable {
    /// The most records one page holds; a larger `limit` is lowered to it.
    public static let maximumLimit = 500
    public static let defaultLimit = 50

    public var limit: Int
    /// Records skipped, newest first (llm-compass's `offset`), after the cursor's position if any.
    public var offset: Int
    /// Continue below this completion seq (the keyset a cursor holds).
    public var before: Int64?
    /// Only the requests of one key, team, user or tag: read down that filter's index, newest
    /// first by completion time, paged by the request log's cursor (``position``).
    public var filter: AttributionQuery?
    /// A filtered page's cursor.
    public var position: RequestLogPosition?

    public init(
        limit: Int = defaultLimit, offset: Int = 0, before: Int64? = nil, filter: AttributionQuery? = nil,
        position: RequestLogPosition? = nil
    ) {
        self.limit = min(max(0, limit), Self.maximumLimit)
        self.offset = max(0, offset)
        self.before = before
        self.filter = filter
        self.position = position
    }

    /// Reads the parameters as given; nil means absent. Negative or non-numeric `limit`/`offset`
    /// and a cursor this server did not write are problems naming the parameter.
    public static func parse(
        limit: String?, offset: String?, cursor: String?, filters: [AttributionKind: String] = [:]
    ) throws(InvalidQuery) -> RawPageQuery {
        if let filter = try AttributionQuery.parse(groupBy: nil, values: filters) {
            let limit = try count(limit, "limit", default: defaultLimit)
            guard try count(offset, "offset", default: 0) == 0 else {
                throw InvalidQuery(
                    parameter: "offset", message: "a \(filter.kind.rawValue) filter pages by cursor only (use next_cursor), not offset")
            }
            let position = try cursor.map { text throws(InvalidQuery) in try RequestLogPosition(cursor: text) }
            return RawPageQuery(limit: limit, filter: filter, position: position)
        }
        return RawPageQuery(
            limit: try count(limit, "limit", default: defaultLimit), offset: try count(offset, "offset", default: 0),
            before: try before(cursor))
    }

    private static func count(_ text: String?, _ parameter: String, default value: Int) throws(InvalidQuery) -> Int {
        guard let text else { return value }
        guard let number = Int(text), number >= 0 else {
            throw InvalidQuery(parameter: parameter, message: "\(parameter) must be a whole number ≥ 0, not \"\(text)\"")
        }
        return number
    }

    private static func before(_ cursor: String?) throws(InvalidQuery) -> Int64? {
        try cursor.map { text throws(InvalidQuery) in
            guard let seq = RawCursor.seq(text) else {
                throw InvalidQuery(
                    parameter: "cursor", message: "cursor \"\(text)\" is not one this server gave (use a next_cursor value)")
            }
            return seq
        }
    }
}

/// The opaque `next_cursor` of a raw page: the completion seq the next page starts below, so a
/// listing walked page by page yields every earlier record exactly once while traffic arrives.
public enum RawCursor {
    private static let prefix = "rl1:"

    /// The cursor continuing below `seq`: base64url of `rl1:<seq>`, without padding.
    public static func make(before seq: Int64) -> String {
        OpaqueCursor.make(prefix: prefix, [seq])
    }

    /// The seq a cursor holds; nil when `text` is not a cursor ``make(before:)`` wrote.
    public static func seq(_ text: String) -> Int64? {
        guard let seq = OpaqueCursor.numbers(text, prefix: prefix, count: 1)?[0], seq > 0 else { return nil }
        return seq
    }
}
