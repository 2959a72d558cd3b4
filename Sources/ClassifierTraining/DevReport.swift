import Foundation
import Router

/// The dev figures printed after training (temporary until `RoutingEvaluation` is shared).
struct DevReport {
    let classifier: LearnedPromptClassifier
    let records: [LabelledRequest]

    func print() {
        var correct = 0
        var byLanguage: [String: (Int, Int)] = [:]
        var scored: [(Double, Int)] = []
        var confusion: [String: [String: Int]] = [:]
        for record in records {
            let result = classifier.classify(PromptInput(messages: record.messages))
            confusion[record.taskType, default: [:]][result.taskType.rawValue, default: 0] += 1
            let hit = result.taskType.rawValue == record.taskType
            if hit { correct += 1 }
            byLanguage[record.language, default: (0, 0)].0 += hit ? 1 : 0
            byLanguage[record.language, default: (0, 0)].1 += 1
            scored.append((result.complexityScore, TrainingExample.tiers.firstIndex(of: record.tier)!))
        }
        Swift.print("dev task accuracy \(Self.percent(correct, records.count))")
        for (language, counts) in byLanguage.sorted(by: { $0.key < $1.key }) {
            Swift.print("  \(language): \(Self.percent(counts.0, counts.1)) of \(counts.1)")
        }
        for (label, row) in confusion.sorted(by: { $0.key < $1.key }) {
            Swift.print("  \(label): " + row.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let complex = scored.filter { $0.1 == 2 }.map(\.0), others = scored.filter { $0.1 != 2 }.map(\.0)
        var wins = 0.0
        for c in complex { for o in others { wins += c > o ? 1 : (c == o ? 0.5 : 0) } }
        Swift.print("dev AUROC complex vs not \(String(format: "%.3f", wins / Double(complex.count * others.count)))")
        let cuts = Array(Set(scored.map(\.0))).sorted()
        var best = (0, 0.0, 0.0, 0)
        for low in cuts { for high in cuts where high >= low {
            var hits = 0, complexToSimple = 0
            for (score, tier) in scored {
                let routed = score >= high ? 2 : (score >= low ? 1 : 0)
                if routed == tier { hits += 1 }
                if tier == 2 && routed == 0 { complexToSimple += 1 }
            }
            if hits > best.0 { best = (hits, low, high, complexToSimple) }
        } }
        Swift.print("dev best tier accuracy \(Self.percent(best.0, scored.count)) at \(best.1) / \(best.2), complex→simple \(best.3) of \(complex.count)")
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f %%", 100 * Double(part) / Double(max(whole, 1)))
    }
}
