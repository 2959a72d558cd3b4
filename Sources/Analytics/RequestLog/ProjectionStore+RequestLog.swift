import SQLiteSupport
import Synchronization

extension ProjectionStore {
    /// A page of the ended requests `query` selects, newest first, read down one index from the
    /// query's cursor (see ``RequestLogScan``): its cost follows the page and the rows its most
    /// selective filter reads, never the size of the ledger.
    public func requestLog(_ query: RequestLogQuery) throws -> RequestLogPage {
        try requestLog(query, maximumScan: RequestLogQuery.maximumScan)
    }

    /// ``requestLog(_:)`` examining at most `maximumScan` rows. When the page fills, one more
    /// match is looked for (within the bound) to tell whether anything older remains; when the
    /// bound is hit first, the page ends at the last row examined.
    func requestLog(_ query: RequestLogQuery, maximumScan: Int) throws -> RequestLogPage {
        let scan = RequestLogScan(query)
        return try connection.withLock { connection in
            let statement = try connection.prepare(scan.sql)
            scan.bind(to: statement)
            var rows: [CompletedRequest] = []
            var scanned = 0
            var covered: RequestLogPosition?
            while try statement.step() {
                scanned += 1
                let request = RequestRow.read(statement)
                if query.matches(request) {
                    if rows.count == query.limit {
                        return RequestLogPage(rows: rows, nextCursor: covered?.cursor, scanned: scanned, scanLimitReached: false)
                    }
                    rows.append(request)
                }
                covered = RequestLogPosition(request)
                if scanned >= maximumScan {
                    return RequestLogPage(
                        rows: rows, nextCursor: covered?.cursor, scanned: scanned, scanLimitReached: rows.count < query.limit)
                }
            }
            return RequestLogPage(rows: rows, nextCursor: nil, scanned: scanned, scanLimitReached: false)
        }
    }
}
