import Analytics
import Console
import Foundation
import Hummingbird
import Ledger

extension ConsoleController {
    /// The overview for the `since`, `until` and `model` of the query (as `/stats` reads them),
    /// with the chart over that range — or the 24 hours before its end when it has no start —
    /// in `bucket`-wide bars.
    func overview(_ request: Request, _ access: ConsoleAccess) async throws -> Response {
        let since = ConsoleTimeRange.parameter(request, "since")
        let until = ConsoleTimeRange.parameter(request, "until")
        let model = ConsoleTimeRange.parameter(request, "model")
        let bucketName = ConsoleTimeRange.parameter(request, "bucket") ?? ""
        let filter = try StatsFilter.parse(since: since, until: until, model: model)
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        let chartEnd = filter.until ?? now
        let chartStart = filter.since ?? (chartEnd - ConsoleTimeRange.defaultChartSpan)
        let bucket = try ConsoleTimeRange.bucket(named: bucketName, span: chartEnd - chartStart)
        let report = try await projector.report(filter)
        let series = try await projector.timeSeries(
            StatsFilter(since: chartStart, until: chartEnd, model: filter.model), bucketMilliseconds: bucket.milliseconds)
        let chart = TimeSeriesChart(
            buckets: series.map {
                TimeSeriesChart.Bucket(start: $0.start, succeeded: $0.calls, failed: $0.failures, costUSD: $0.costUSD)
            },
            bucketMilliseconds: bucket.milliseconds)
        let caption = "\(ConsoleFormat.time(series.first?.start ?? chartStart)) to "
            + "\(ConsoleFormat.time((series.last?.start ?? chartEnd) + bucket.milliseconds)), \(bucket.label) buckets"
            + (filter.since == nil ? " (the last 24 hours of the range; choose Since to chart another)" : "")
            + (filter.model.map { ", model \($0)" } ?? "")
        var statsQuery: [String] = []
        if let since { statsQuery.append("since=" + Self.queryEscaped(since)) }
        if let until { statsQuery.append("until=" + Self.queryEscaped(until)) }
        if let model { statsQuery.append("model=" + Self.queryEscaped(model)) }
        let presets = ConsoleTimeRange.presets.map { preset in
            OverviewPage.Preset(
                label: preset.label,
                href: "/console/overview?since=\((now - preset.milliseconds) / 1_000)"
                    + (model.map { "&model=" + Self.queryEscaped($0) } ?? ""))
        }
        let page = OverviewPage(
            report: report,
            filters: OverviewPage.Filters(since: since ?? "", until: until ?? "", model: model ?? "", bucket: bucketName),
            presets: presets, chart: chart, chartCaption: caption, statsQuery: statsQuery.joined(separator: "&"),
            access: access)
        return html(templates.render(page))
    }

    /// `text` escaped for a query-string value.
    static func queryEscaped(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
