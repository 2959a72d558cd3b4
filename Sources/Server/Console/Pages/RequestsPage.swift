import Console

/// The request log, newest first, one cursor page at a time, with its filters (model, status, key,
/// time range, request id), the link to the next page, live mode and the exports.
struct RequestsPage: ConsolePage {
    static let template = "requests"

    /// The filters as given (shown again in the form).
    struct Filters: Sendable {
        var model = "", status = "", key = "", team = "", user = "", tag = "", since = "", until = "", requestID = ""
        var statuses: [ConsoleOption] = []
    }

    var chrome: ConsoleChrome
    var filters: Filters
    var rows: [RequestLogRow]
    var nextHref: String?
    /// Set when the page stopped at its scan bound before filling up.
    var scanNote: String?
    var exportCSVHref: String
    var exportJSONLinesHref: String
    /// Live mode is offered on the unfiltered log (it shows every request as it ends).
    var liveOffered: Bool
    /// The newest row's completion seq: live mode continues after it.
    var newestSeq: Int64

    init(
        filters: Filters, rows: [RequestLogRow], nextHref: String?, scanNote: String?, exportQuery: String,
        liveOffered: Bool, access: ConsoleAccess
    ) {
        chrome = ConsoleChrome(title: "Requests", section: .requests, access: access)
        var filters = filters
        filters.statuses = ConsoleOption.list(["", "succeeded", "failed"], chosen: filters.status, emptyLabel: "any")
        self.filters = filters
        self.rows = rows
        self.nextHref = nextHref
        self.scanNote = scanNote
        let separator = exportQuery.isEmpty ? "" : "&"
        exportCSVHref = "/console/requests/export?format=csv" + separator + exportQuery
        exportJSONLinesHref = "/console/requests/export?format=jsonl" + separator + exportQuery
        self.liveOffered = liveOffered
        newestSeq = rows.first?.completionSeq ?? 0
    }
}
