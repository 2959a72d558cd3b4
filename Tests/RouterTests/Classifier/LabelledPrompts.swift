import Foundation
import Router
import Testing

/// One hand-labelled prompt from `Fixtures/labelled_prompts.json`.
///
/// `split` is `tuning` for prompts the cue tables were tuned on: the first 230, labelled before
/// any table existed, and two later batches of 66, each measured once while still unseen
/// (57.6 % and 60.6 %) and then tuned on. `holdout` is the last batch of 66, written after all
/// tuning and never tuned against: its accuracy is the honest estimate for new prompts.
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
