import Analytics
import Hummingbird
import Ledger

/// `GET /stats`: the stats projection, caught up with the ledger, optionally filtered by
/// `since`, `until` (ISO-8601 or epoch seconds) and `model`; by key, team, tag or user with
/// `group_by` or a `key`/`team`/`tag`/`user` filter (``AttributionReport``); `GET /stats/raw`: the ended requests
/// as raw records, newest first, by `limit`/`offset` or `cursor`. Admin key when keys are configured.
/// Raw pages and filtered stats read SQLite, so they run on the blocking-read executor, not on a
/// cooperative thread.
struct StatsController: Sendable {
    let projector: StatsProjector

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("stats") { request, context -> Response in
            let query = request.uri.queryParameters
            let filter = try Self.checked { () throws(InvalidQuery) in
                try StatsFilter.parse(
                    since: query["since"].map(String.init), until: query["until"].map(String.init),
                    model: query["model"].map(String.init))
            }
            let attribution = try Self.checked { () throws(InvalidQuery) in
                try AttributionQuery.parse(
                    groupBy: query["group_by"].map(String.init),
                    values: Self.attributionFilters(query))
            }
            if let attribution {
                let report = try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
                    try await projector.attributionReport(attribution, filter: filter)
                }
                return try report.response(from: request, context: context)
            }
            // Unfiltered, the report is in memory: it stays on the cooperative threads. Filtered, it
            // reads the requests of its partial edge buckets from SQLite, on the blocking pool.
            let report = filter.isEmpty
                ? try await projector.report(filter)
                : try await withTaskExecutorPreference(BlockingReadExecutor.shared) { try await projector.report(filter) }
            return try report.response(from: request, context: context)
        }
        group.get("stats/raw") { request, _ in
            let query = request.uri.queryParameters
            let pageQuery = try Self.checked { () throws(InvalidQuery) in
                try RawPageQuery.parse(
                    limit: query["limit"].map(String.init), offset: query["offset"].map(String.init),
                    cursor: query["cursor"].map(String.init),
                    filters: Self.attributionFilters(query))
            }
            let page = try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
                try await projector.rawPage(pageQuery)
            }
            return Response.json(page.encoded())
        }
    }

    /// The `key`, `team`, `tag` and `user` parameters given.
    private static func attributionFilters(_ query: Parameters) -> [AttributionKind: String] {
        Dictionary(uniqueKeysWithValues: AttributionKind.allCases.compactMap { kind in
            query[Substring(kind.rawValue)].map { (kind, String($0)) }
        })
    }

    /// The parameters `parse` reads, or a 400 naming the one that is wrong.
    private static func checked<Value>(_ parse: () throws(InvalidQuery) -> Value) throws -> Value {
        do throws(InvalidQuery) {
            return try parse()
        } catch {
            throw OpenAIError.invalidRequest(error.message, param: error.parameter)
        }
    }
}
