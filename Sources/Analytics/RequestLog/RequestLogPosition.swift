/// A place in the request log, which runs newest first by (completed at, completion seq): a page
/// continues strictly below it. Its ``cursor`` is what a client holds.
public struct RequestLogPosition: Sendable, Hashable, Comparable {
    /// Unix ms of the event that ended the request.
    public var completedAt: Int64
    public var completionSeq: Int64

    private static let prefix = "rl-log1:"

    public init(completedAt: Int64, completionSeq: Int64) {
        self.completedAt = completedAt
        self.completionSeq = completionSeq
    }

    /// The position of `request` in the log.
    public init(_ request: CompletedRequest) {
        self.init(completedAt: request.completedAt, completionSeq: request.completionSeq)
    }

    /// The opaque cursor of this position: base64url of `rl-log1:<completed at>:<completion seq>`.
    public var cursor: String {
        OpaqueCursor.make(prefix: Self.prefix, [completedAt, completionSeq])
    }

    /// The position a cursor holds. Throws a problem with `cursor` when it is not one ``cursor``
    /// wrote.
    public init(cursor: String) throws(InvalidQuery) {
        guard let numbers = OpaqueCursor.numbers(cursor, prefix: Self.prefix, count: 2), numbers[1] > 0 else {
            throw InvalidQuery(
                parameter: "cursor", message: "cursor \"\(cursor)\" is not one this server gave (use a next_cursor value)")
        }
        self.init(completedAt: numbers[0], completionSeq: numbers[1])
    }

    /// Older first: by completed at, then completion seq.
    public static func < (lhs: RequestLogPosition, rhs: RequestLogPosition) -> Bool {
        (lhs.completedAt, lhs.completionSeq) < (rhs.completedAt, rhs.completionSeq)
    }
}
