import Ledger

extension StatsProjector {
    /// A `/stats/raw` page after catching up: the ended requests newest first, sliced
    /// `[offset, offset + limit)` below the query's cursor, each rendered from its events.
    ///
    /// Only choosing the page's rows holds the projector; rendering them from their events (the
    /// bulk of the reads) runs outside it, so `/stats` and the follower do not wait for a page.
    public nonisolated func rawPage(_ query: RawPageQuery) async throws -> RawRecordPage {
        let (rows, total) = try await rawPageRows(query)
        let page = rows.prefix(query.limit)
        var records: [[String: JSONValue]] = []
        records.reserveCapacity(page.count)
        for row in page {
            guard let history = try RequestHistory.load(row.requestID, from: ledger),
                let record = RawRecord.render(history)
            else { continue }
            records.append(record)
        }
        return RawRecordPage(
            total: total, limit: query.limit, offset: query.offset, records: records,
            nextCursor: rows.count > query.limit ? page.last.map { RawCursor.make(before: $0.seq) } : nil)
    }

    /// The page's rows (one more than the limit, to tell whether another page follows) and the
    /// number of ended requests, after catching up.
    private func rawPageRows(_ query: RawPageQuery) throws -> (rows: [(seq: Int64, requestID: String)], total: Int) {
        // The page reads the stored request rows, so every folded request must be saved first.
        try catchUp(saveAtEnd: true)
        let rows = try store.requestPage(before: query.before, offset: query.offset, limit: query.limit + 1)
        let totals = projection.stats.totals
        return (rows, totals.calls + totals.failures)
    }
}
