import Foundation
import Router
import Testing

/// One hand-labelled prompt from `Fixtures/labelled_prompts.json`.
///
/// `split` is `tuning` for the prompts written before the cue tables (and looked at while
/// tuning them) and `holdout` for prompts written afterwards and never tuned against.
struct LabelledPrompt: Decodable {
    var prompt: String
    var taskType: String
    var language: String
    var split: String

    enum CodingKeys: String, CodingKey {
        case prompt, language, split
        case taskType = "task_type"
    }

    /// The labelled set, loaded from the test bundle.
    static func all() throws -> [LabelledPrompt] {
        let url = try #require(Bundle.module.url(forResource: "labelled_prompts", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode([LabelledPrompt].self, from: Data(contentsOf: url))
    }
}
