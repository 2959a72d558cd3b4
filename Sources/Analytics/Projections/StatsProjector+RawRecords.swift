import CanonicalJSON

extension StatsProjector {
    /// A `/stats/raw` page after catching up: the ended requests newest first, sliced
    /// `[offset, offset + limit)` below the query's cursor, each rendered from its events.
    ///
    /// Only catching up holds the projector; choosing the page's rows (a walk over the skipped
    /// rows for a deep offset) and rendering them from their events run outside it, so `/stats`
    /// and the follower do not wait for a page.
    public nonisolated func rawPage(_ query: RawPageQuery) async throws -> RawRecordPage {
        if let filter = query.filter { return try await filteredRawPage(query, filter: filter) }
        let total = try await endedRequestCount()
        let rows = try store.requestPage(before: query.before, offset: query.offset, limit: query.limit + 1)
        let page = rows.prefix(query.limit)
        return RawRecordPage(
            total: total, limit: query.limit, offset: query.offset, records: try await records(of: page.map(\.requestID)),
            nextCursor: rows.count > query.limit ? page.last.map { RawCursor.make(before: $0.seq) } : nil)
    }

    /// A page of one key's, team's, user's or tag's requests: down that filter's index from the
    /// cursor's position (the request log's walk), its total from the attribution rollups.
    private nonisolated func filteredRawPage(_ query: RawPageQuery, filter: AttributionQuery) async throws -> RawRecordPage {
        _ = try await endedRequestCount()
        let group = try store.attributionGroups(filter.kind, value: filter.value)[filter.value ?? ""]
        var log = RequestLogQuery(limit: max(1, query.limit), before: query.position)
        switch filter.kind {
        case .key: log.apiKeyID = filter.value
        case .team: log.team = filter.value
        case .user: log.user = filter.value
        case .tag: log.tag = filter.value
        }
        let page = query.limit == 0
            ? RequestLogPage(rows: [], nextCursor: nil, scanned: 0, scanLimitReached: false) : try store.requestLog(log)
        return RawRecordPage(
            total: group.map { $0.totals.calls + $0.totals.failures } ?? 0, limit: query.limit == 0 ? 0 : log.limit,
            offset: 0, records: try await records(of: page.rows.map(\.requestID)),
            nextCursor: page.nextCursor)
    }

    /// Each request's llm-compass record, rendered from its events (one index lookup each).
    private nonisolated func records(of requestIDs: [String]) async throws -> [[String: JSONValue]] {
        var records: [[String: JSONValue]] = []
        records.reserveCapacity(requestIDs.count)
        for requestID in requestIDs {
            guard let history = try await RequestHistory.load(requestID, from: ledger), let record = RawRecord.render(history)
            else { continue }
            records.append(record)
        }
        return records
    }

    /// The number of ended requests, after catching up and saving (the page reads the stored
    /// request rows, so every folded request must be saved first).
    private func endedRequestCount() async throws -> Int {
        try await catchUp(saveAtEnd: true)
        let totals = projection.stats.totals
        return totals.calls + totals.failures
    }
}
