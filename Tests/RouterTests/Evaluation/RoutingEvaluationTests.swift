import DomainEvents
import Foundation
import Router
import Testing

/// The evaluation's figures on small sets worked out by hand.
@Suite struct RoutingEvaluationTests {
    private func outcome(
        _ id: String, language: String = "en", system: Bool = false, multiTurn: Bool = false,
        _ taskType: TaskType = .openQA, predicted: TaskType = .openQA,
        tier: Tier = .simple, routed: Tier = .simple, score: Double = 0
    ) -> EvaluationOutcome {
        EvaluationOutcome(
            id: id, language: language, hasSystemMessage: system, isMultiTurn: multiTurn, taskType: taskType,
            tier: tier, predictedTaskType: predicted, predictedTier: routed, score: score)
    }

    @Test func taskTypeRecallAndPrecisionPerClass() throws {
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("1", .openQA, predicted: .openQA),
            outcome("2", .openQA, predicted: .other),
            outcome("3", .other, predicted: .openQA),
            outcome("4", .chatbot, predicted: .chatbot),
            outcome("5", .rewrite, predicted: .rewrite),
            outcome("6", .rewrite, predicted: .chatbot),
        ])
        #expect(evaluation.count == 6)
        #expect(evaluation.taskTypeCorrect == 3)
        #expect(evaluation.taskTypeAccuracy == 0.5)
        #expect(evaluation.perTaskType.map(\.taskType) == TaskType.allCases)
        let byType = Dictionary(uniqueKeysWithValues: evaluation.perTaskType.map { ($0.taskType, $0) })
        let openQA = try #require(byType[.openQA])
        #expect((openQA.total, openQA.predicted, openQA.correct) == (2, 2, 1))
        #expect((openQA.recall, openQA.precision) == (0.5, 0.5))
        let other = try #require(byType[.other])
        #expect((other.recall, other.precision) == (0, 0))
        let chatbot = try #require(byType[.chatbot])
        #expect((chatbot.total, chatbot.predicted, chatbot.correct) == (1, 2, 1))
        #expect((chatbot.recall, chatbot.precision) == (1, 0.5))
        let rewrite = try #require(byType[.rewrite])
        #expect((rewrite.recall, rewrite.precision) == (0.5, 1))
        let summarization = try #require(byType[.summarization])
        #expect(summarization.total == 0 && summarization.recall == nil && summarization.precision == nil)
    }

    @Test func accuracyIsAFractionRoundedToFourDecimals() {
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("1"), outcome("2"), outcome("3", predicted: .other),
        ])
        #expect(evaluation.taskTypeAccuracy == 0.6667)
    }

    @Test func perLanguageMostFrequentFirst() {
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("1", language: "zh", predicted: .other), outcome("2", language: "en"),
            outcome("3", language: "ja"), outcome("4", language: "zh"), outcome("5", language: "en", predicted: .other),
            outcome("6", language: "zh"),
        ])
        #expect(evaluation.perLanguage == [
            GroupAccuracy(name: "zh", total: 3, correct: 2), GroupAccuracy(name: "en", total: 2, correct: 1),
            GroupAccuracy(name: "ja", total: 1, correct: 1),
        ])
        #expect(evaluation.perLanguage[0].accuracy == 0.6667)
    }

    @Test func aRecordWithSystemMessageAndTurnsCountsInBothContexts() {
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("plain"),
            outcome("system", system: true),
            outcome("turns", multiTurn: true, predicted: .other),
            outcome("both", system: true, multiTurn: true),
            outcome("both-wrong", system: true, multiTurn: true, predicted: .chatbot),
        ])
        #expect(evaluation.perContext == [
            GroupAccuracy(name: "plain", total: 1, correct: 1),
            GroupAccuracy(name: "system_message", total: 3, correct: 2),
            GroupAccuracy(name: "multi_turn", total: 3, correct: 1),
            GroupAccuracy(name: "with_context", total: 4, correct: 2),
        ])
        #expect(evaluation.perContext.map(\.accuracy) == [1, 0.6667, 0.3333, 0.5])
    }

    @Test func confusionMatrixRowsAreLabelsColumnsAreRoutedTiers() {
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("s1", tier: .simple, routed: .simple), outcome("s2", tier: .simple, routed: .simple),
            outcome("s3", tier: .simple, routed: .complex), outcome("s4", tier: .simple, routed: .medium),
            outcome("m1", tier: .medium, routed: .simple), outcome("m2", tier: .medium, routed: .medium),
            outcome("c1", tier: .complex, routed: .simple), outcome("c2", tier: .complex, routed: .medium),
            outcome("c3", tier: .complex, routed: .complex),
        ])
        #expect(evaluation.tierConfusion.tiers == [.simple, .medium, .complex])
        #expect(evaluation.tierConfusion.counts == [[2, 1, 1], [1, 1, 0], [1, 1, 1]])
        #expect(evaluation.tierConfusion.count(labelled: .simple, routed: .complex) == 1)
        #expect(evaluation.tierConfusion.total(labelled: .simple) == 4)
        #expect(evaluation.tierCorrect == 4)
        #expect(evaluation.tierAccuracy == 0.4444)
        #expect(evaluation.complexRoutedToSimple == 0.3333)
        #expect(evaluation.simpleRoutedToComplex == 0.25)
    }

    @Test func aurocCountsTiesAsHalf() {
        // Complex 0.9 and 0.5 against others 0.5, 0.1, 0.7: of 6 pairs the complex one is higher in
        // 4, tied in 1 → 4.5 / 6. Simple 0.5 and 0.1 against others 0.9, 0.5, 0.7: lower in 5 of 6
        // pairs, tied in 1 → 5.5 / 6.
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("c1", tier: .complex, score: 0.9), outcome("c2", tier: .complex, score: 0.5),
            outcome("s1", tier: .simple, score: 0.5), outcome("s2", tier: .simple, score: 0.1),
            outcome("m1", tier: .medium, score: 0.7),
        ])
        #expect(evaluation.complexAUROC == 0.75)
        #expect(evaluation.simpleAUROC == 0.9167)
    }

    @Test func aurocIsOneForAPerfectOrderZeroForAReversedOneAndNilWithoutBothGroups() {
        let perfect = RoutingEvaluation(outcomes: [
            outcome("s", tier: .simple, score: 0.1), outcome("m", tier: .medium, score: 0.5),
            outcome("c", tier: .complex, score: 0.9),
        ])
        #expect((perfect.complexAUROC, perfect.simpleAUROC) == (1, 1))
        let reversed = RoutingEvaluation(outcomes: [
            outcome("s", tier: .simple, score: 0.9), outcome("c", tier: .complex, score: 0.1),
        ])
        #expect((reversed.complexAUROC, reversed.simpleAUROC) == (0, 0))
        let allTied = RoutingEvaluation(outcomes: [
            outcome("s", tier: .simple, score: 0.3), outcome("c", tier: .complex, score: 0.3),
        ])
        #expect((allTied.complexAUROC, allTied.simpleAUROC) == (0.5, 0.5))
        let onlySimple = RoutingEvaluation(outcomes: [outcome("s", tier: .simple, score: 0.3)])
        #expect(onlySimple.complexAUROC == nil && onlySimple.simpleAUROC == nil)
        #expect(onlySimple.complexRoutedToSimple == nil)
    }

    @Test func bestThresholdsTieBreakTowardLowerThresholds() throws {
        // 0.3 (medium) lies below 0.4 (simple) and 0.8 (medium) above 0.6 and 0.7 (complex), so at
        // best 6 of 8 are right: medium from 0.25 or from 0.45, complex from 0.55. Neither sends a
        // complex prompt to simple; the lower medium threshold wins.
        let scored: [(Double, Tier)] = [
            (0.1, .simple), (0.2, .simple), (0.3, .medium), (0.4, .simple),
            (0.5, .medium), (0.6, .complex), (0.7, .complex), (0.8, .medium),
        ]
        let outcomes = scored.enumerated().map { outcome("\($0.offset)", tier: $0.element.1, score: $0.element.0) }
        let best = try #require(RoutingEvaluation(outcomes: outcomes).bestThresholds)
        #expect(best == ThresholdFit(medium: 0.25, complex: 0.55, correct: 6, tierAccuracy: 0.75, complexRoutedToSimple: 0))
    }

    @Test func bestThresholdsPreferTheFewestComplexSentToSimple() throws {
        // Simple below 0.25 and complex from there, or simple below 0.65 and complex from there: 4 of 5
        // right either way, but the second sends the complex 0.3 to simple.
        let scored: [(Double, Tier)] = [(0.1, .simple), (0.2, .simple), (0.3, .complex), (0.4, .simple), (0.9, .complex)]
        let outcomes = scored.enumerated().map { outcome("\($0.offset)", tier: $0.element.1, score: $0.element.0) }
        let best = try #require(RoutingEvaluation(outcomes: outcomes).bestThresholds)
        #expect(best == ThresholdFit(medium: 0.25, complex: 0.25, correct: 4, tierAccuracy: 0.8, complexRoutedToSimple: 0))
        // One more simple prompt at 0.4 makes the second pair the more accurate one.
        let more = outcomes + [outcome("5", tier: .simple, score: 0.4)]
        let moreBest = try #require(RoutingEvaluation(outcomes: more).bestThresholds)
        #expect(moreBest == ThresholdFit(medium: 0.65, complex: 0.65, correct: 5, tierAccuracy: 0.8333, complexRoutedToSimple: 0.5))
    }

    @Test func bestThresholdsCanPutEveryPromptInOneTier() throws {
        let allSimple = [outcome("a", tier: .simple, score: 0.2), outcome("b", tier: .simple, score: 0.4)]
        let best = try #require(RoutingEvaluation(outcomes: allSimple).bestThresholds)
        #expect((best.medium, best.complex, best.correct) == (1, 1, 2))
        let allMedium = [outcome("a", tier: .medium, score: 0.2), outcome("b", tier: .medium, score: 0.4)]
        let medium = try #require(RoutingEvaluation(outcomes: allMedium).bestThresholds)
        #expect((medium.medium, medium.complex, medium.correct) == (0.2, 1, 2))
        #expect(RoutingEvaluation(outcomes: []).bestThresholds == nil)
    }

    @Test func bestThresholdsSitMidwayBetweenAdjacentScores() throws {
        let outcomes = [
            outcome("s", tier: .simple, score: 0.2001), outcome("m", tier: .medium, score: 0.2002),
            outcome("c", tier: .complex, score: 0.4),
        ]
        let best = try #require(RoutingEvaluation(outcomes: outcomes).bestThresholds)
        #expect((best.medium, best.complex, best.tierAccuracy) == (0.20015, 0.3001, 1))
    }

    @Test func encodesWithSnakeCaseKeys() throws {
        let evaluation = RoutingEvaluation(outcomes: [
            outcome("s", tier: .simple, routed: .simple, score: 0.1), outcome("c", .codeGeneration, tier: .complex, routed: .medium, score: 0.6),
        ])
        let json = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(evaluation)) as? [String: Any])
        #expect(Set(json.keys) == [
            "count", "task_type_correct", "task_type_accuracy", "per_task_type", "per_language", "per_context",
            "tier_correct", "tier_accuracy", "tier_confusion", "complex_routed_to_simple", "simple_routed_to_complex",
            "auroc_complex", "auroc_simple", "best_thresholds",
        ])
        let perTaskType = try #require(json["per_task_type"] as? [[String: Any]])
        #expect(perTaskType.first?["task_type"] as? String == "Open QA")
        let confusion = try #require(json["tier_confusion"] as? [String: Any])
        #expect(confusion["tiers"] as? [String] == ["simple", "medium", "complex"])
        #expect(confusion["counts"] as? [[Int]] == [[1, 0, 0], [0, 0, 0], [0, 1, 0]])
        let best = try #require(json["best_thresholds"] as? [String: Any])
        #expect(Set(best.keys) == ["medium_threshold", "complex_threshold", "correct", "tier_accuracy", "complex_routed_to_simple"])
    }

    @Test func routingRecordsReadsTheDecisionsTaskTypeTierAndScore() throws {
        let router = RequestRouter(config: .builtIn)
        let records = [
            EvaluationRecord(
                id: "a", split: .dev, language: "en", taskType: .codeGeneration, tier: .complex,
                messages: [ChatMessage(role: "user", content: "Write a Python function that merges two sorted lists.")], why: "w"),
            EvaluationRecord(
                id: "b", split: .dev, language: "en", taskType: .chatbot, tier: .simple,
                messages: [ChatMessage(role: "user", content: "hi")], why: "w"),
        ]
        let outcomes = try records.map { record in
            let decision = try router.route(messages: record.messages, requestedModel: nil)
            return EvaluationOutcome(
                id: record.id, language: record.language, taskType: record.taskType, tier: record.tier,
                predictedTaskType: try #require(TaskType(rawValue: decision.features.taskType)),
                predictedTier: try #require(Tier(rawValue: decision.tier)), score: decision.features.complexityScore)
        }
        #expect(outcomes.map(\.score) != [0, 0])
        #expect(try RoutingEvaluation(records: records, router: router) == RoutingEvaluation(outcomes: outcomes))
    }
}
