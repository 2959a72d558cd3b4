import Foundation
import Router
import Testing

/// One labelled request of `Fixtures/Eval/routing_eval.jsonl` (see `Fixtures/Eval/GUIDELINE.md`).
struct EvaluationRecord: Decodable {
    var id: String
    var split: String
    var language: String
    var taskType: String
    var tier: String
    var messages: [ChatMessage]
    var why: String

    enum CodingKeys: String, CodingKey {
        case id, split, language, tier, messages, why
        case taskType = "task_type"
    }

    /// The set, one record per line, loaded from the test bundle.
    static func all() throws -> [EvaluationRecord] {
        let url = try #require(
            Bundle.module.url(forResource: "routing_eval", withExtension: "jsonl", subdirectory: "Fixtures/Eval"))
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(EvaluationRecord.self, from: Data($0.utf8))
        }
    }
}

/// The evaluation set is what issue 16 asks for before any tuning: big enough, multilingual, with
/// context in system messages and earlier turns, every label valid, and a frozen holdout.
@Suite struct EvaluationSetCompositionTests {
    private static let taskTypes: Set = [
        "Open QA", "Closed QA", "Summarization", "Text Generation", "Code Generation", "Chatbot", "Classification",
        "Rewrite", "Brainstorming", "Extraction", "Other",
    ]

    @Test func theSetHasTheSizeLanguagesContextAndHoldoutItNeeds() throws {
        let records = try EvaluationRecord.all()
        #expect(records.count >= 500)
        #expect(Set(records.map(\.id)).count == records.count, "ids are unique")
        let nonEnglish = records.filter { $0.language != "en" }
        #expect(Double(nonEnglish.count) >= 0.2 * Double(records.count))
        #expect(Set(nonEnglish.map(\.language)) == ["zh", "es", "fr", "de", "ja"])
        #expect(records.filter { $0.split == "holdout" }.count >= 150)
        #expect(Set(records.map(\.split)) == ["dev", "holdout"])
        #expect(records.filter { $0.messages.contains { $0.role == "system" } }.count >= 100)
        #expect(records.filter { $0.messages.filter { $0.role == "user" }.count > 1 }.count >= 80)
    }

    @Test func everyLabelIsOneOfTheGuidelinesAndEveryRequestEndsWithAUserTurn() throws {
        let records = try EvaluationRecord.all()
        #expect(Set(records.map(\.taskType)) == Self.taskTypes)
        #expect(Set(records.map(\.tier)) == ["simple", "medium", "complex"])
        for record in records {
            #expect(record.messages.last?.role == "user", "\(record.id)")
            #expect(!record.why.isEmpty, "\(record.id)")
        }
        for tier in ["simple", "medium", "complex"] {
            #expect(records.filter { $0.tier == tier }.count >= 100, "\(tier)")
        }
    }
}
