import Router

/// Calibrates the complexity strategy's two thresholds on the evaluation set's dev split without
/// scoring a record with a model that was trained on it: the training records are split into
/// folds, each fold is scored by a model trained on the others, and the best pair is chosen on
/// the out-of-fold scores of the dev records (of every record when none is from dev), with the
/// share of complex records sent to simple capped. The dev split is the set's tuning half, written
/// to the same guideline as the holdout, which is never read here.
struct ThresholdCalibration {
    var folds = 5
    var maximumComplexToSimple = 0.05

    struct Result {
        var fit: ThresholdFit
        /// The out-of-fold figures at the chosen thresholds.
        var evaluation: RoutingEvaluation
    }

    func run(_ records: [EvaluationRecord], examples: [TrainingExample], trainer: LinearModelTrainer) -> Result? {
        var outcomes: [EvaluationOutcome] = []
        for fold in 0..<folds {
            let training = examples.indices.filter { $0 % folds != fold }.map { examples[$0] }
            let classifier = LearnedPromptClassifier(model: trainer.train(training).model)
            for index in examples.indices where index % folds == fold {
                let record = records[index]
                let classification = classifier.classify(PromptInput(messages: record.messages))
                outcomes.append(EvaluationOutcome(
                    id: record.id, language: record.language, hasSystemMessage: record.hasSystemMessage,
                    isMultiTurn: record.isMultiTurn, taskType: record.taskType, tier: record.tier,
                    predictedTaskType: classification.taskType, predictedTier: .simple,
                    score: classification.complexityScore))
            }
        }
        let devIDs = Set(records.filter { $0.split == .dev }.map(\.id))
        if !devIDs.isEmpty { outcomes = outcomes.filter { devIDs.contains($0.id) } }
        guard let fit = ThresholdFit.best(outcomes, maximumComplexToSimple: maximumComplexToSimple) else { return nil }
        for index in outcomes.indices {
            let score = outcomes[index].score
            outcomes[index].predictedTier = score >= fit.complex ? .complex : score >= fit.medium ? .medium : .simple
        }
        return Result(fit: fit, evaluation: RoutingEvaluation(outcomes: outcomes))
    }
}
