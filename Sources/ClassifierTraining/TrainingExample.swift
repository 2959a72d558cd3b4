import Foundation
import Router

/// One labelled request as the trainer uses it: its features and the indexes of its labels.
struct TrainingExample {
    var features: PromptFeatureVector
    /// The index of the task type in ``TaskType/allCases``.
    var task: Int
    /// 0 simple, 1 medium, 2 complex.
    var tier: Int
    var language: String
    var id: String

    static let tiers = ["simple", "medium", "complex"]
}
