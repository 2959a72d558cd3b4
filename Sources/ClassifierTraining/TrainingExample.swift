import Router

/// One labelled request as the trainer uses it: its features and the indexes of its labels.
struct TrainingExample {
    var features: PromptFeatureVector
    /// The index of the task type in ``TaskType/allCases``.
    var task: Int
    /// 0 simple, 1 medium, 2 complex.
    var tier: Int

    init(_ record: EvaluationRecord, extractor: PromptFeatureExtractor) {
        features = extractor.features(of: PromptInput(messages: record.messages))
        task = TaskType.allCases.firstIndex(of: record.taskType)!
        tier = Tier.allCases.firstIndex(of: record.tier)!
    }
}
