import Analytics
import ArgumentParser
import Foundation
import Router

/// `routeledger sweep`: the cost and strong-model share of every threshold of a
/// `router-<scorer>-<threshold>` strategy over recorded traffic, in one pass.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Cost and strong-model share of recorded traffic at every threshold, in one pass.",
        discussion: """
            Each threshold gives what `routeledger replay --model router-<scorer>-<threshold>` gives, \
            from scores sorted once. --svg writes a chart of both curves with the configured threshold marked.
            """
    )

    @OptionGroup var options: ReplaySelectionOptions

    @OptionGroup var scorerOption: ScorerOption

    @Option(help: "The thresholds as start:stop:step.")
    var thresholds = "0:1:0.01"

    @Option(help: "Write an SVG chart of cost and strong-model share to this file.")
    var svg: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    struct Result: Encodable {
        var scorer: String
        var configuredThreshold: Double
        var routedRequests: Int
        var keptRequests: Int
        var notReplayable: [String: Int]
        var points: [ThresholdSweep.Point]

        enum CodingKeys: String, CodingKey {
            case scorer, points
            case configuredThreshold = "configured_threshold"
            case routedRequests = "routed_requests"
            case keptRequests = "kept_requests"
            case notReplayable = "not_replayable"
        }
    }

    func run() async throws {
        let scorer = try scorerOption.parsed()
        let thresholds: [Double]
        do {
            thresholds = try ThresholdRange.parse(self.thresholds)
        } catch {
            throw CommandLineInputError(message: error.message)
        }
        let selection = try options.selection()
        let prices = try options.priceTable() ?? [:]
        let result = try await options.withEngine(label: "sweep") { _, engine in
            let sweep = try ThresholdSweep(engine: engine, scorer: scorer, rows: try engine.selectedRows(selection), prices: prices)
            return Result(
                scorer: scorer.rawValue, configuredThreshold: sweep.configuredThreshold, routedRequests: sweep.routed,
                keptRequests: sweep.kept, notReplayable: sweep.notReplayable, points: thresholds.map(sweep.point(at:)))
        }
        if let svg {
            let chart = SweepChart(
                title: "router-\(scorer.rawValue)-<threshold> over \(result.routedRequests) routed requests",
                points: result.points.map { SweepChartPoint(threshold: $0.threshold, costUSD: $0.costUSD, strongShare: $0.strongShare) },
                currentThreshold: result.configuredThreshold)
            do {
                try chart.svg().write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                throw CommandLineInputError(message: "cannot write the chart to \(svg)")
            }
        }
        if json {
            try printJSON(result)
            return
        }
        print("scorer \(result.scorer), \(result.routedRequests) routed requests, \(result.keptRequests) kept their model"
            + (result.notReplayable.isEmpty ? "" : ", \(result.notReplayable.values.reduce(0, +)) not replayable"))
        print("threshold  cost (USD)      strong share")
        for point in result.points {
            let marker = point.threshold == result.configuredThreshold ? "  ← configured" : ""
            print(String(format: "%9.4f  %14.6f  %11.2f %%", point.threshold, point.costUSD, point.strongShare * 100) + marker)
        }
        if let svg { print("chart written to \(svg)") }
    }
}
