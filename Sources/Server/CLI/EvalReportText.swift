import Foundation
import Router

/// The text form of a routing evaluation, for a person at a terminal.
enum EvalReportText {
    static func render(_ e: RoutingEvaluation, set: String, config: String, strategy: any RoutingStrategy) -> String {
        let params = strategy.params.sorted { $0.key < $1.key }.map { "\($0.key) \(parameter($0.value))" }
        var lines = [
            "set          \(set): \(e.count) records",
            "config       \(config): default strategy \(strategy.name)"
                + (params.isEmpty ? "" : " (\(params.joined(separator: ", ")))"),
            "task type    \(percent(e.taskTypeAccuracy)) right (\(e.taskTypeCorrect) of \(e.count))",
            "",
            row(["class", "total", "right", "recall", "predicted", "precision"]),
        ]
        lines += e.perTaskType.map {
            row([$0.taskType.rawValue, "\($0.total)", "\($0.correct)", percent($0.recall), "\($0.predicted)", percent($0.precision)])
        }
        lines += ["", row(["language", "total", "right", "accuracy"])]
        lines += e.perLanguage.map { row([$0.name, "\($0.total)", "\($0.correct)", percent($0.accuracy)]) }
        lines += ["", row(["context", "total", "right", "accuracy"])]
        lines += e.perContext.map { row([$0.name, "\($0.total)", "\($0.correct)", percent($0.accuracy)]) }
        lines += [
            "",
            "tiers        \(percent(e.tierAccuracy)) right (\(e.tierCorrect) of \(e.count))",
            "",
            row(["labelled \\ routed"] + e.tierConfusion.tiers.map(\.rawValue) + ["total"]),
        ]
        lines += e.tierConfusion.tiers.map { labelled in
            row([labelled.rawValue] + e.tierConfusion.tiers.map { "\(e.tierConfusion.count(labelled: labelled, routed: $0))" }
                + ["\(e.tierConfusion.total(labelled: labelled))"])
        }
        lines += [
            "",
            "complex → simple  \(percent(e.complexRoutedToSimple)) of complex prompts (the costly mistake)",
            "simple → complex  \(percent(e.simpleRoutedToComplex)) of simple prompts (the wasteful one)",
            "AUROC             complex vs not \(decimal(e.complexAUROC)), simple vs not \(decimal(e.simpleAUROC))",
        ]
        if let best = e.bestThresholds {
            lines.append("best thresholds   medium ≥ \(threshold(best.medium)), complex ≥ \(threshold(best.complex)): "
                + "\(percent(best.tierAccuracy)) right (\(best.correct) of \(e.count)), "
                + "complex → simple \(percent(best.complexRoutedToSimple))")
        }
        return lines.joined(separator: "\n")
    }

    /// A table row: the first column 18 wide and left-aligned, the others 10 wide and right-aligned.
    private static func row(_ cells: [String]) -> String {
        guard let first = cells.first else { return "" }
        return "  " + first.padding(toLength: max(18, first.count), withPad: " ", startingAt: 0)
            + cells.dropFirst().map { String(repeating: " ", count: max(1, 10 - $0.count)) + $0 }.joined()
    }

    private static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.2f %%", $0 * 100) } ?? "–"
    }

    private static func decimal(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "–"
    }

    /// A threshold with no trailing zeros (`0.35`, `0.412345`).
    private static func threshold(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func parameter(_ value: StrategyParameter) -> String {
        switch value {
        case .number(let number): threshold(number)
        case .text(let text): text
        case .flag(let flag): "\(flag)"
        }
    }
}
