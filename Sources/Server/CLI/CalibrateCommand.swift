import Analytics
import ArgumentParser
import Foundation
import Router

/// `routeledger calibrate`: the threshold that sends a target share of the selected traffic to
/// the strong model (RouteLLM's `calibrate_threshold`, on your own traffic).
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Print the threshold that sends a share of recorded traffic to the strong model.",
        discussion: "The threshold is one of the recorded scores, so it lands within one request of the share unless equal scores straddle it."
    )

    @OptionGroup var options: ReplaySelectionOptions

    @OptionGroup var scorerOption: ScorerOption

    @Option(name: .customLong("strong-share"), help: "The share of routed requests to send to the strong model, from 0 to 1.")
    var strongShare: Double

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let scorer = try scorerOption.parsed()
        guard strongShare.isFinite, (0...1).contains(strongShare) else {
            throw CommandLineInputError(message: "--strong-share must be a number from 0 to 1")
        }
        let selection = try options.selection()
        let prices = try options.priceTable() ?? [:]
        let target = strongShare
        let calibration = try await options.withEngine(label: "calibrate") { _, engine in
            let sweep = try ThresholdSweep(engine: engine, scorer: scorer, rows: try engine.selectedRows(selection), prices: prices)
            guard sweep.routed > 0 else {
                throw InvalidQuery(parameter: "selection", message: "no selected request is routed by a strategy, so there is nothing to calibrate")
            }
            return sweep.calibrate(strongShare: target)
        }
        if json {
            try printJSON(calibration)
            return
        }
        print(String(format: "threshold %.4f", calibration.threshold) + " (model \(calibration.model)) sends "
            + "\(calibration.strongRequests) of \(calibration.routedRequests) routed requests "
            + String(format: "(%.2f %%, target %.2f %%)", calibration.strongShare * 100, calibration.targetShare * 100)
            + " to the strong model")
    }
}
