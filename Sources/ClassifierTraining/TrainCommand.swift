import ArgumentParser
import Foundation
import Router

/// `routeledger-train`: trains the built-in prompt classifier from labelled requests and writes
/// the model the Router bundles (`Training/README.md` says how it is used).
@main
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routeledger-train",
        abstract: "Train the prompt classifier (task type and tier heads) from labelled requests.",
        discussion: """
            Reads JSON-lines records ({id, split, language, task_type, tier, messages, why}) from \
            --corpus files and the dev split of --eval; holdout records are never read. Reports \
            the dev figures and writes the model to --output.
            """
    )

    @Option(name: .customLong("corpus"), help: "A training file or folder of .jsonl files (repeatable).")
    var corpora: [String] = ["Training/corpus"]

    @Option(help: "The evaluation set: its dev split is reported (and trained on with --train-on-dev).")
    var eval = "Tests/RouterTests/Fixtures/Eval/routing_eval.jsonl"

    @Flag(help: "Also train on the evaluation set's dev split (the shipped model); its dev figures then are not a validation.")
    var trainOnDev = false

    @Option(help: "Where to write the model.")
    var output = "Sources/Router/Resources/prompt-classifier.rlpc"

    @Option(help: "Gradient steps.") var iterations = 400
    @Option(help: "Adam's learning rate.") var learningRate: Float = 0.05
    @Option(help: "L2 penalty on the weights (none by default: the fixed number of steps regularizes better on this corpus).") var l2: Float = 0
    @Option(help: "Leave out features seen in fewer examples.") var minimumExamples = 2
    @Option(help: "Leave out features whose every weight is smaller.") var pruneBelow: Float = 0.1
    @Option(help: "Folds for calibrating the thresholds on out-of-fold scores (0: no calibration).")
    var calibrationFolds = 5
    @Option(help: "The largest share of complex requests the calibrated thresholds may send to simple.")
    var maximumComplexToSimple = 0.05

    func run() throws {
        let extractor = PromptFeatureExtractor()
        var training: [EvaluationRecord] = []
        for path in try Self.files(corpora) {
            training += try EvaluationSet.load(path: path).records(in: .train)
        }
        let dev = try EvaluationSet.load(path: eval).records(in: .dev)
        if trainOnDev { training += dev }
        print("training on \(training.count) requests; \(dev.count) dev requests; holdout not read")
        let trainer = LinearModelTrainer(
            iterations: iterations, learningRate: learningRate, l2: l2, minimumExamples: minimumExamples,
            pruneBelow: pruneBelow)
        let examples = training.map { TrainingExample($0, extractor: extractor) }
        let result = trainer.train(examples) { iteration, loss in
            print("  step \(iteration): loss \(String(format: "%.4f", loss))")
        }
        let model = result.model
        print("model \(model.version): \(model.featureCount) features")
        let router = RequestRouter(config: .builtIn, classifier: LearnedPromptClassifier(model: model))
        DevReport(evaluation: try RoutingEvaluation(records: dev, router: router), label: trainOnDev ? "dev (trained on)" : "dev").print()
        if calibrationFolds > 1 {
            let calibration = ThresholdCalibration(folds: calibrationFolds, maximumComplexToSimple: maximumComplexToSimple)
            if let result = calibration.run(training, examples: examples, trainer: trainer) {
                print("calibrated on \(calibrationFolds)-fold out-of-fold scores of the \(result.evaluation.count) \(trainOnDev ? "dev" : "training") requests:")
                print("  medium_threshold \(result.fit.medium), complex_threshold \(result.fit.complex)")
                DevReport(evaluation: result.evaluation, label: "out-of-fold").print()
            }
        }
        let bytes = model.serialized()
        try Data(bytes).write(to: URL(fileURLWithPath: output))
        print("wrote \(output) (\(bytes.count) bytes)")
    }

    /// The `.jsonl` files among `paths`, folders expanded, sorted.
    static func files(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            if isFolder.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { $0.hasSuffix(".jsonl") }.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        return files
    }
}
