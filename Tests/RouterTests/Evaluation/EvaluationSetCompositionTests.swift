import Foundation
import Router
import Testing

extension EvaluationSet {
    /// The repository's set, `Fixtures/Eval/routing_eval.jsonl`, loaded from the test bundle.
    static func repository() throws -> EvaluationSet {
        let url = try #require(
            Bundle.module.url(forResource: "routing_eval", withExtension: "jsonl", subdirectory: "Fixtures/Eval"))
        return try EvaluationSet.load(path: url.path)
    }
}

/// The evaluation set is what issue 16 asks for before any tuning: big enough, multilingual, with
/// context in system messages and earlier turns, every label valid, and a frozen holdout.
@Suite struct EvaluationSetCompositionTests {
    @Test func theSetHasTheSizeLanguagesContextAndHoldoutItNeeds() throws {
        let records = try EvaluationSet.repository().records
        #expect(records.count >= 500)
        #expect(Set(records.map(\.id)).count == records.count, "ids are unique")
        let nonEnglish = records.filter { $0.language != "en" }
        #expect(Double(nonEnglish.count) >= 0.2 * Double(records.count))
        #expect(Set(nonEnglish.map(\.language)) == ["zh", "es", "fr", "de", "ja"])
        #expect(records.filter { $0.split == .holdout }.count >= 150)
        #expect(Set(records.map(\.split)) == [.dev, .holdout])
        #expect(records.filter(\.hasSystemMessage).count >= 100)
        #expect(records.filter(\.isMultiTurn).count >= 80)
    }

    @Test func everyLabelIsOneOfTheGuidelinesAndEveryRequestEndsWithAUserTurn() throws {
        let records = try EvaluationSet.repository().records
        #expect(Set(records.map(\.taskType)) == Set(TaskType.allCases))
        #expect(Set(records.map(\.tier)) == Set(Tier.allCases))
        for record in records {
            #expect(record.messages.last?.role == "user", "\(record.id)")
            #expect(!record.why.isEmpty, "\(record.id)")
        }
        for tier in Tier.allCases {
            #expect(records.filter { $0.tier == tier }.count >= 100, "\(tier)")
        }
    }
}
