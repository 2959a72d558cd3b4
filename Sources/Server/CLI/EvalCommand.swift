import ArgumentParser
import Foundation
import Router

/// `routeledger eval`: how well the router's task types, tiers and complexity score match a
/// labelled evaluation set (issue 16).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure routing against a labelled evaluation set.",
        discussion: """
            Routes every record of the set as a request with no model (the default strategy) and \
            compares the task type and tier with the labels: task-type accuracy per class, language \
            and context, the tier confusion matrix, complex routed to simple and simple to complex, \
            the score's AUROC and the best accuracy any pair of thresholds reaches on it. The set's \
            format is Tests/RouterTests/Fixtures/Eval/GUIDELINE.md.
            """
    )

    @Option(help: "The evaluation set: one labelled record (JSON) per line.")
    var set: String

    @Option(help: "The configuration file (YAML); the built-in configuration when absent.")
    var config: String?

    @Option(help: "The records evaluated: dev, holdout or all.")
    var split = "all"

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let selected: EvaluationSplit?
        if split == "all" {
            selected = nil
        } else if let named = EvaluationSplit(rawValue: split) {
            selected = named
        } else {
            throw CommandLineInputError(message: "unknown split \"\(split)\" (expected dev, holdout or all)")
        }
        var settings = RouteledgerConfig.builtIn
        if let config { settings = try RouteledgerConfig.load(path: config) }
        let records: [EvaluationRecord]
        do {
            records = try EvaluationSet.load(path: set).records(in: selected)
        } catch {
            throw CommandLineInputError(message: error.description)
        }
        guard !records.isEmpty else { throw CommandLineInputError(message: "\(set): no records in split \(split)") }
        let router = RequestRouter(config: settings)
        let evaluation = try RoutingEvaluation(records: records, router: router)
        if json {
            try printJSON(evaluation)
        } else {
            print(EvalReportText.render(
                evaluation, set: "\(set), split \(split)", config: config ?? "built-in",
                strategy: router.strategy(for: .defaultStrategy)))
        }
    }
}
