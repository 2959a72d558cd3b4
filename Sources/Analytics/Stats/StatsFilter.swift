import Foundation

/// The `since`, `until` and `model` filters of `/stats` and `routeledger stats`, checked.
public struct StatsFilter: Sendable, Equatable {
    /// Unix milliseconds, inclusive.
    public var since: Int64?
    /// Unix milliseconds, exclusive.
    public var until: Int64?
    public var model: String?

    public init(since: Int64? = nil, until: Int64? = nil, model: String? = nil) {
        self.since = since
        self.until = until
        self.model = model
    }

    /// Reads the filters as given: times in ISO-8601 (`2026-11-21T10:00:00Z`, with an offset or
    /// fractional seconds too) or epoch seconds; an empty model means none.
    public static func parse(since: String?, until: String?, model: String?) throws(InvalidQuery) -> StatsFilter {
        let filter = StatsFilter(
            since: try since.map { text throws(InvalidQuery) in try milliseconds(text, parameter: "since") },
            until: try until.map { text throws(InvalidQuery) in try milliseconds(text, parameter: "until") },
            model: model.flatMap { $0.isEmpty ? nil : $0 })
        if let start = filter.since, let end = filter.until, start >= end {
            throw InvalidQuery(parameter: "until", message: "until must be later than since")
        }
        return filter
    }

    /// Whether any filter is set.
    public var isEmpty: Bool { since == nil && until == nil && model == nil }

    /// `text` as Unix milliseconds: epoch seconds (with decimals) or an ISO-8601 date and time.
    static func milliseconds(_ text: String, parameter: String) throws(InvalidQuery) -> Int64 {
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e12 {
            return Int64((seconds * 1_000).rounded())
        }
        for options in [ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
        }
        throw InvalidQuery(
            parameter: parameter,
            message: "\(parameter) must be an ISO-8601 date and time (2026-11-21T10:00:00Z) or epoch seconds, not \"\(text)\"")
    }
}
