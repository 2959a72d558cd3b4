extension StatsProjector {
    /// A request log page after catching up (saving, so the store holds every folded request).
    ///
    /// Only catching up holds the projector; the page is read outside it.
    public nonisolated func requestLog(_ query: RequestLogQuery) async throws -> RequestLogPage {
        try await catchUp(saveAtEnd: true)
        return try store.requestLog(query)
    }

    /// The requests that ended after completion seq `completionSeq` among the last 200 folded,
    /// oldest first: at most `limit`, the newest when more. What a live feed polls; it reads
    /// memory only, so it never waits on the store.
    public func recentlyEnded(after completionSeq: Int64, limit: Int) -> [CompletedRequest] {
        recentlyEndedRequests.ended(after: completionSeq, limit: limit)
    }
}
