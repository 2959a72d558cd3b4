/// One page of the request log: the matching ended requests, newest first, and where the next
/// page starts.
public struct RequestLogPage: Sendable, Equatable {
    public var rows: [CompletedRequest]
    /// Continues below this page (``RequestLogPosition/cursor``); nil when nothing older remains.
    public var nextCursor: String?
    /// The stored rows examined for this page (those its most selective filter reads).
    public var scanned: Int
    /// Whether the page stopped at ``RequestLogQuery/maximumScan`` rows examined before it was
    /// full: older matches may remain below ``nextCursor`` ("search older").
    public var scanLimitReached: Bool

    public init(rows: [CompletedRequest], nextCursor: String?, scanned: Int, scanLimitReached: Bool) {
        self.rows = rows
        self.nextCursor = nextCursor
        self.scanned = scanned
        self.scanLimitReached = scanLimitReached
    }
}
