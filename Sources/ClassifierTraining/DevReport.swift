import Foundation
import Router

/// Figures printed after training (the dev split's, the out-of-fold ones), so a change of
/// features or options can be judged without the holdout (`routeledger eval` prints the full report).
struct DevReport {
    let evaluation: RoutingEvaluation
    let label: String

    func print() {
        let e = evaluation
        Swift.print("\(label): task type \(Self.percent(e.taskTypeAccuracy)), tiers \(Self.percent(e.tierAccuracy))")
        Swift.print("  per language: " + e.perLanguage.map { "\($0.name) \(Self.percent($0.accuracy))" }.joined(separator: ", "))
        Swift.print("  per context: " + e.perContext.map { "\($0.name) \(Self.percent($0.accuracy))" }.joined(separator: ", "))
        Swift.print("  recall: " + e.perTaskType.map { "\($0.taskType.rawValue) \(Self.percent($0.recall))" }.joined(separator: ", "))
        Swift.print("  AUROC complex \(Self.decimal(e.complexAUROC)), simple \(Self.decimal(e.simpleAUROC)); complex→simple \(Self.percent(e.complexRoutedToSimple))")
        if let best = e.bestThresholds {
            Swift.print("  best thresholds \(best.medium) / \(best.complex): tiers \(Self.percent(best.tierAccuracy)), complex→simple \(Self.percent(best.complexRoutedToSimple))")
        }
    }

    static func percent(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.1f %%", 100 * $0) } ?? "n/a"
    }

    static func decimal(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "n/a"
    }
}
