import Analytics
import Console
import Foundation

/// Calls, cost, success rate, latency and routing latency, the distributions and failures — the
/// `/stats` report for the page's filter, figure for figure (each carries the report's exact value
/// in `data-value` under its JSON path) — and requests and cost over time as a chart.
struct OverviewPage: ConsolePage {
    static let template = "overview"

    struct Entry: Sendable {
        var key: String
        var value: Int
        var share: String
        /// The bar's length, 0…100.
        var bar: String
    }

    struct Distribution: Sendable {
        var name: String
        var title: String
        var entries: [Entry]
    }

    struct ModelLatency: Sendable {
        var model: String
        var count: Int
        var p50, p90, p99: String
    }

    struct Filters: Sendable {
        var since = "", until = "", model = "", bucket = ""
        var buckets: [ConsoleOption] = []
    }

    struct Preset: Sendable {
        var label: String
        var href: String
    }

    var chrome: ConsoleChrome
    var filters: Filters
    var presets: [Preset]
    /// Each figure's field is its path in the `/stats` JSON (`latency_ms.p99`).
    var figures: [ConsoleFigure]
    var distributions: [Distribution]
    var latencyByModel: [ModelLatency]
    var chart: String
    var chartCaption: String
    var statsHref: String

    init(
        report: StatsReport, filters: Filters, presets: [Preset], chart: TimeSeriesChart, chartCaption: String,
        statsQuery: String, access: ConsoleAccess
    ) {
        chrome = ConsoleChrome(title: "Overview", section: .overview, access: access)
        var filters = filters
        filters.buckets = ConsoleTimeRange.bucketChoices.map {
            ConsoleOption(value: $0.name, label: $0.label, selected: $0.name == filters.bucket)
        }
        self.filters = filters
        self.presets = presets
        let figure = ConsoleFigure.init
        let latency = report.latencyPercentiles
        figures = [
            figure("total_calls", "Calls", Double(report.totalCalls), ConsoleFormat.count(report.totalCalls)),
            figure("failed_calls", "Failed", Double(report.failedCalls), ConsoleFormat.count(report.failedCalls)),
            figure("success_rate", "Success rate", report.successRate, ConsoleFormat.percent(report.successRate)),
            figure("total_cost_usd", "Cost", report.totalCostUSD, ConsoleFormat.dollars(report.totalCostUSD)),
            figure("avg_latency_ms", "Mean latency", report.averageLatencyMilliseconds,
                   ConsoleFormat.milliseconds(report.averageLatencyMilliseconds)),
            figure("latency_ms.p50", "Latency p50", latency.p50, ConsoleFormat.milliseconds(latency.p50)),
            figure("latency_ms.p90", "Latency p90", latency.p90, ConsoleFormat.milliseconds(latency.p90)),
            figure("latency_ms.p99", "Latency p99", latency.p99, ConsoleFormat.milliseconds(latency.p99)),
            figure("avg_routing_ms", "Mean routing time", report.averageRoutingMilliseconds,
                   ConsoleFormat.milliseconds(report.averageRoutingMilliseconds)),
            figure("input_tokens", "Input tokens", Double(report.inputTokens), ConsoleFormat.count(report.inputTokens)),
            figure("output_tokens", "Output tokens", Double(report.outputTokens), ConsoleFormat.count(report.outputTokens)),
        ]
        distributions = [
            Self.distribution("model_distribution", "Models (answered)", report.modelDistribution),
            Self.distribution("tier_distribution", "Tiers", report.tierDistribution),
            Self.distribution("task_type_distribution", "Task types", report.taskTypeDistribution),
            Self.distribution("failures_by_status", "Failures by status", report.failuresByStatus),
        ]
        latencyByModel = report.latencyPercentilesByModel.sorted { $0.key < $1.key }.map { model, percentiles in
            ModelLatency(
                model: model, count: percentiles.count, p50: ConsoleFormat.milliseconds(percentiles.p50),
                p90: ConsoleFormat.milliseconds(percentiles.p90), p99: ConsoleFormat.milliseconds(percentiles.p99))
        }
        self.chart = chart.svg()
        self.chartCaption = chartCaption
        statsHref = "/stats" + (statsQuery.isEmpty ? "" : "?" + statsQuery)
    }

    private static func distribution(_ name: String, _ title: String, _ counts: [String: Int]) -> Distribution {
        let total = max(counts.values.reduce(0, +), 1)
        let largest = max(counts.values.max() ?? 1, 1)
        let entries = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { key, count in
            Entry(
                key: key, value: count, share: ConsoleFormat.percent(Double(count) / Double(total)),
                bar: String(format: "%.1f", Double(count) / Double(largest) * 100))
        }
        return Distribution(name: name, title: title, entries: entries)
    }
}
