@testable import ClassifierTraining
import Router
import Testing

/// The trainer learns what its examples teach, and the same examples always give the same model
/// (so a retrained model can be reproduced byte for byte).
@Suite struct LinearModelTrainerTests {
    static let records: [EvaluationRecord] = [
        ("Summarize this meeting transcript in three bullet points.", TaskType.summarization, Tier.medium),
        ("Give me a short summary of the article below.", .summarization, .simple),
        ("Summarize the quarterly report for the board, with risks.", .summarization, .complex),
        ("Translate 'thank you very much' into German.", .rewrite, .simple),
        ("Rewrite this paragraph in a more formal tone.", .rewrite, .medium),
        ("Translate this contract clause into plain English, keeping every obligation.", .rewrite, .complex),
    ].enumerated().map { index, labelled in
        EvaluationRecord(
            id: "t\(index)", split: .train, language: "en", taskType: labelled.1, tier: labelled.2,
            messages: [ChatMessage(role: "user", content: labelled.0)], why: "test")
    }

    static func train() -> ClassifierModel {
        let extractor = PromptFeatureExtractor()
        let examples = records.map { TrainingExample($0, extractor: extractor) }
        return LinearModelTrainer(iterations: 200, learningRate: 0.05, l2: 1e-5, minimumExamples: 1, pruneBelow: 0)
            .train(examples).model
    }

    @Test func itLearnsTheTaskTypesAndTiersOfItsExamples() {
        let classifier = LearnedPromptClassifier(model: Self.train())
        var scores: [Tier: Double] = [:]
        for record in Self.records {
            let classification = classifier.classify(PromptInput(messages: record.messages))
            #expect(classification.taskType == record.taskType, "\(record.id)")
            scores[record.tier, default: 0] += classification.complexityScore
        }
        // Two examples per tier: the tier heads order them.
        #expect(scores[.simple]! < scores[.medium]!)
        #expect(scores[.medium]! < scores[.complex]!)
    }

    @Test func theSameExamplesGiveTheSameModelByteForByte() {
        let first = Self.train()
        let second = Self.train()
        #expect(first.serialized() == second.serialized())
        #expect(first.version == second.version)
        #expect(first.featureCount > 20)
    }
}
