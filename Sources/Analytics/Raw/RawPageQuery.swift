/// The parameters of a `/stats/raw` page (`limit`, `offset`, `cursor`), checked.
public struct RawPageQuery: Sendable, Equatable {
    /// The most records one page holds; a larger `limit` is lowered to it.
    public static let maximumLimit = 500
    public static let defaultLimit = 50

    public var limit: Int
    /// Records skipped, newest first (llm-compass's `offset`), after the cursor's position if any.
    public var offset: Int
    /// Continue below this completion seq (the keyset a cursor holds).
    public var before: Int64?

    public init(limit: Int = defaultLimit, offset: Int = 0, before: Int64? = nil) {
        self.limit = min(max(0, limit), Self.maximumLimit)
        self.offset = max(0, offset)
        self.before = before
    }

    /// Reads the parameters as given; nil means absent. Negative or non-numeric `limit`/`offset`
    /// and a cursor this server did not write are problems naming the parameter.
    public static func parse(limit: String?, offset: String?, cursor: String?) throws(InvalidQuery) -> RawPageQuery {
        func count(_ text: String?, _ parameter: String, default value: Int) throws(InvalidQuery) -> Int {
            guard let text else { return value }
            guard let number = Int(text), number >= 0 else {
                throw InvalidQuery(
                    parameter: parameter, message: "\(parameter) must be a whole number ≥ 0, not \"\(text)\"")
            }
            return number
        }
        let before = try cursor.map { text throws(InvalidQuery) in
            guard let seq = RawCursor.seq(text) else {
                throw InvalidQuery(
                    parameter: "cursor", message: "cursor \"\(text)\" is not one this server gave (use a next_cursor value)")
            }
            return seq
        }
        return RawPageQuery(
            limit: try count(limit, "limit", default: defaultLimit), offset: try count(offset, "offset", default: 0),
            before: before)
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
