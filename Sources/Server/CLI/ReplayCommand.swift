import Analytics
import ArgumentParser
import Foundation
import Router

/// `routeledger replay`: what past traffic would have cost under another strategy, threshold or
/// price table (SPEC section 6), decided by the gateway's own strategy code from the recorded
/// features. Reads the ledger; never writes to it.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded traffic under another strategy, model string or price table.",
        discussion: """
            Give one alternative: --strategy NAME (with --set key=value for its parameters; the others \
            are those of the latest recorded configuration), --model as a client would send it \
            (router-complexity-0.4, auto, a catalog model), or --prices alone. Requests that named \
            their model keep it. Prints actual against counterfactual cost, model and tier shares, \
            latency estimates, the changed decisions with examples, and the assumptions made.
            """
    )

    @OptionGroup var options: ReplaySelectionOptions

    @Option(help: "The strategy to replay with: token-length, complexity, threshold, latency or fixed.")
    var strategy: String?

    @Option(name: .customLong("set"), help: "A strategy parameter, key=value (repeatable), e.g. --set complex_threshold=0.6.")
    var assignments: [String] = []

    @Option(help: "A model string as a client sends it, e.g. router-complexity-0.4.")
    var model: String?

    @Option(help: "How many changed decisions to show (0 to \(ReplaySpec.maxExamples)).")
    var examples = 10

    @Flag(help: "Print the report as JSON (the POST /v1/replay answer).")
    var json = false

    @Flag(help: "Print one CSV line per selected request instead of the report.")
    var csv = false

    func run() async throws {
        if json && csv { throw CommandLineInputError(message: "give --json or --csv, not both") }
        var params: [String: StrategyParameter] = [:]
        for assignment in assignments {
            do {
                let (key, value) = try ReplaySpec.parameter(assignment)
                params[key] = value
            } catch {
                throw CommandLineInputError(message: error.message)
            }
        }
        let spec = ReplaySpec(
            strategy: strategy, params: params, model: model, prices: try options.priceTable(),
            selection: try options.selection(), examples: examples)
        let csv = csv
        let report = try await options.withEngine(label: "replay") { projector, _ in
            if csv {
                print(ReplayCSV.header)
                try await projector.replayOutcomes(spec) { print(ReplayCSV.line($0)) }
                return ReplayReport?.none
            }
            return try await projector.replay(spec)
        }
        guard let report else { return }
        if json {
            try printJSON(report)
        } else {
            print(ReplayReportText.render(report))
        }
    }
}
