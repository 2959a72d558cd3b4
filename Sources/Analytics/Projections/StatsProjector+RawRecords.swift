import Ledger

extension StatsProjector {
    /// A `/stats/raw` page after catching up: the ended requests newest first, sliced
    /// `[offset, offset + limit)` below the query's cursor, each rendered from its events.
    public func rawPage(_ query: RawPageQuery) throws -> RawRecordPage {
        // The page reads the stored request rows, so every folded request must be saved first.
        try catchUp(saveAtEnd: true)
        let rows = try store.requestPage(before: query.before, offset: query.offset, limit: query.limit + 1)
        let page = rows.prefix(query.limit)
        var records: [[String: JSONValue]] = []
        records.reserveCapacity(page.count)
        for row in page {
            guard let history = try RequestHistory.load(row.requestID, from: ledger),
                let record = RawRecord.render(history)
            else { continue }
            records.append(record)
        }
        let totals = projection.stats.totals
        return RawRecordPage(
            total: totals.calls + totals.failures, limit: query.limit, offset: query.offset, records: records,
            nextCursor: rows.count > query.limit ? page.last.map { RawCursor.make(before: $0.seq) } : nil)
    }
}
