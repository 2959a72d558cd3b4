import Analytics
import Console
import CanonicalJSON
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import NIOCore
import ServiceLifecycle

extension ConsoleController {
    /// The filters of the request log as the query gives them (empty fields are no filter).
    private struct LogFilters {
        var values: RequestsPage.Filters
        var query: RequestLogQuery
        /// The filters as a query string, for the next page's and the exports' links.
        var queryString: String
    }

    private func logFilters(_ request: Request, limit: Int? = nil) throws -> LogFilters {
        let names = ["model", "status", "key", "team", "user", "tag", "since", "until", "request_id"]
        let given = Dictionary(uniqueKeysWithValues: names.map { ($0, ConsoleTimeRange.parameter(request, $0)) })
        let query = try RequestLogQuery.parse(
            model: given["model"]!, status: given["status"]!, key: given["key"]!, team: given["team"]!, user: given["user"]!,
            tag: given["tag"]!, requestID: given["request_id"]!,
            since: given["since"]!, until: given["until"]!, limit: limit.map(String.init),
            cursor: ConsoleTimeRange.parameter(request, "cursor"))
        let values = RequestsPage.Filters(
            model: given["model"]! ?? "", status: given["status"]! ?? "", key: given["key"]! ?? "", team: given["team"]! ?? "",
            user: given["user"]! ?? "", tag: given["tag"]! ?? "",
            since: given["since"]! ?? "", until: given["until"]! ?? "", requestID: given["request_id"]! ?? "")
        let queryString = names.compactMap { name in given[name]!.map { "\(name)=" + Self.queryEscaped($0) } }
            .joined(separator: "&")
        return LogFilters(values: values, query: query, queryString: queryString)
    }

    /// One page of the request log: newest first from the query's cursor, filtered.
    func requestLog(_ request: Request, _ access: ConsoleAccess) async throws -> Response {
        let filters = try logFilters(request)
        let page = try await projector.requestLog(filters.query)
        let separator = filters.queryString.isEmpty ? "" : "&"
        let next = page.nextCursor.map { "/console/requests?" + filters.queryString + separator + "cursor=" + $0 }
        let scanNote = page.scanLimitReached
            ? "Searched \(ConsoleFormat.count(page.scanned)) older requests for matches; \(page.rows.count) found so far. "
                + "Continue with Older to search further back." : nil
        let unfiltered = filters.queryString.isEmpty && filters.query.before == nil
        return html(templates.render(RequestsPage(
            filters: filters.values, rows: page.rows.map(RequestLogRow.init), nextHref: next, scanNote: scanNote,
            exportQuery: filters.queryString, liveOffered: unfiltered, access: access)))
    }

    /// The filtered request log as CSV or JSON lines, newest first, streamed a page at a time (the
    /// server holds one page, however long the log).
    func export(_ request: Request) async throws -> Response {
        let format = ConsoleTimeRange.parameter(request, "format") ?? "csv"
        guard format == "csv" || format == "jsonl" else {
            throw ConsoleProblem(invalid: InvalidQuery(
                parameter: "format", message: "format must be csv or jsonl, not \"\(format)\""), backHref: "/console/requests")
        }
        let firstQuery = try logFilters(request, limit: RequestLogQuery.maximumLimit).query
        let projector = projector
        var headers = Self.headers(contentType: format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson")
        headers[.contentDisposition] = "attachment; filename=\"requests.\(format)\""
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            if format == "csv" { try await writer.write(ByteBuffer(string: RequestLogRow.columns.joined(separator: ",") + "\n")) }
            var query = firstQuery
            while true {
                let page = try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
                    try await projector.requestLog(query)
                }
                var text = ""
                for request in page.rows {
                    let row = RequestLogRow(request)
                    if format == "csv" {
                        text += CSVLine.make(row.csvFields) + "\n"
                    } else {
                        text += String(decoding: JSONObjectCoding.bytes(row.json.objectValue ?? [:]), as: UTF8.self) + "\n"
                    }
                }
                if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                guard let cursor = page.nextCursor else { break }
                query.before = try RequestLogPosition(cursor: cursor)
            }
            try await writer.finish(nil)
        })
    }

    /// Live mode: one server-sent-events stream per open console, an event per request as it
    /// ends (the row as JSON), after the completion seq `after`. The server pushes when the
    /// projection has folded new events (no polling), sends a comment every few seconds to keep
    /// the connection, and holds nothing per stream but its position: a slow or idle console
    /// costs no memory however long it stays open, and one that fell far behind is sent the
    /// newest rows only.
    func liveRequests(_ request: Request) async throws -> Response {
        // A reconnecting EventSource says where it stopped.
        let afterText = request.headers[HTTPField.Name("Last-Event-ID")!] ?? ConsoleTimeRange.parameter(request, "after")
        var after: Int64?
        if let afterText {
            guard let seq = Int64(afterText), seq >= 0 else {
                throw ConsoleProblem(invalid: InvalidQuery(
                    parameter: "after", message: "after must be a completion seq (a whole number ≥ 0), not \"\(afterText)\""))
            }
            after = seq
        }
        guard let subscription = liveFeed.subscribe() else {
            return Response(
                status: .tooManyRequests, headers: Self.headers(contentType: "text/plain; charset=utf-8"),
                body: .init(byteBuffer: ByteBuffer(string: "too many live consoles are open; close one and retry")))
        }
        let projector = projector
        let feed = liveFeed
        let start: Int64
        if let after {
            start = after
        } else {
            start = await projector.recentlyEnded(after: 0, limit: 1).last?.completionSeq ?? 0
        }
        var headers = Self.headers(contentType: "text/event-stream")
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { feed.unsubscribe(subscription.id) }
            var position = start
            try await writer.write(ByteBuffer(string: "retry: 3000\n: live after \(position)\n\n"))
            // The server drains its connections before the services after it stop: the stream
            // ends itself when shutdown begins.
            try await withGracefulShutdownHandler {
                for await _ in subscription.signals {
                    let ended = await projector.recentlyEnded(after: position, limit: LiveRequestFeed.batchLimit)
                    var text = ended.isEmpty ? ": keep-alive\n\n" : ""
                    for request in ended {
                        let json = JSONObjectCoding.bytes(RequestLogRow(request).json.objectValue ?? [:])
                        text += "event: request\nid: \(request.completionSeq)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
                        position = request.completionSeq
                    }
                    try await writer.write(ByteBuffer(string: text))
                }
            } onGracefulShutdown: {
                feed.unsubscribe(subscription.id)
            }
            try await writer.finish(nil)
        })
    }
}
