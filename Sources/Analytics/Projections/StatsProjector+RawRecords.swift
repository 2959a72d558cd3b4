import CanonicalJSON

extension StatsProjector {
    /// A `/stats/raw` page after catching up: the ended requests newest first, sliced
    /// `[offset, offset + limit)` below the query's cursor, each rendered from its events.
    ///
    /// Only catching up holds the projector; choosing the page's rows (a walk over the skipped
    /// rows for a deep offset) and rendering them from their events run outside it, so `/stats`
    /// and the follower do not wait for a page.
    public nonisolated func rawPage(_ query: RawPageQuery) async throws -> RawRecordPage {
        let total = try await endedRequestCount()
        let rows = try store.requestPage(before: query.before, offset: query.offset, limit: query.limit + 1)
        let page = rows.prefix(query.limit)
        var records: [[String: JSONValue]] = []
        records.reserveCapacity(page.count)
        for row in page {
            guard let history = try await RequestHistory.load(row.requestID, from: ledger),
                let record = RawRecord.render(history)
            else { continue }
            records.append(record)
        }
        return RawRecordPage(
            total: total, limit: query.limit, offset: query.offset, records: records,
            nextCursor: rows.count > query.limit ? page.last.map { RawCursor.make(before: $0.seq) } : nil)
    }

    /// The number of ended requests, after catching up and saving (the page reads the stored
    /// request rows, so every folded request must be saved first).
    private func endedRequestCount() async throws -> Int {
        try await catchUp(saveAtEnd: true)
        let totals = projection.stats.totals
        return totals.calls + totals.failures
    }
}
