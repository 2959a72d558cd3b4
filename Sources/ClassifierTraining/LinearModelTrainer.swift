import Foundation
import Router

/// Trains ``ClassifierModel``'s outputs together — a softmax over the eleven task types and two
/// logistic tier heads (at least medium; complex) — by full-batch gradient descent with Adam and
/// an L2 penalty. Written by hand because no package in reach trains a sparse linear model in
/// Swift; full batches in a fixed order make the result the same on every run.
struct LinearModelTrainer {
    var iterations = 400
    var learningRate: Float = 0.05
    var l2: Float = 0
    /// Features in fewer training examples than this are left out of the model.
    var minimumExamples = 2
    /// Features whose every weight is smaller than this are left out of the model (they change
    /// no output by more than this per occurrence, and would cost a look-up on every request).
    var pruneBelow: Float = 0.1

    struct Result {
        var model: ClassifierModel
        var finalLoss: Float
    }

    func train(_ examples: [TrainingExample], progress: (Int, Float) -> Void = { _, _ in }) -> Result {
        // The vocabulary: the hash buckets of the features seen in enough examples (the model's
        // weights are per bucket, so training sees the collisions the classifier will), numbered
        // in ascending order.
        var documentFrequency: [UInt32: Int] = [:]
        for example in examples {
            for bucket in Set(example.features.keys.map(ClassifierModel.bucket(of:))) { documentFrequency[bucket, default: 0] += 1 }
        }
        let vocabulary = documentFrequency.filter { $0.value >= minimumExamples }.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($0.element, Int32($0.offset)) })
        // Each example's known features, duplicates summed.
        var rows: [[(Int32, Float)]] = []
        for example in examples {
            var summed: [Int32: Float] = [:]
            for (key, value) in zip(example.features.keys, example.features.values) {
                if let feature = index[ClassifierModel.bucket(of: key)] { summed[feature, default: 0] += value }
            }
            rows.append(summed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }

        let outputs = ClassifierModel.outputCount
        let taskCount = TaskType.allCases.count
        var mask = SIMD16<Float>()
        for lane in 0..<outputs { mask[lane] = 1 }
        var weights = [SIMD16<Float>](repeating: .zero, count: vocabulary.count)
        var bias = SIMD16<Float>()
        var firstMoment = weights, secondMoment = weights
        var biasFirst = SIMD16<Float>(), biasSecond = SIMD16<Float>()
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        let scale = 1 / Float(examples.count)
        var loss: Float = 0

        for iteration in 1...iterations {
            var gradient = [SIMD16<Float>](repeating: .zero, count: vocabulary.count)
            var biasGradient = SIMD16<Float>()
            loss = 0
            for (example, row) in zip(examples, rows) {
                var z = bias
                for (feature, value) in row { z += value * weights[Int(feature)] }
                var largest = z[0]
                for lane in 1..<taskCount { largest = max(largest, z[lane]) }
                var total: Float = 0
                var exps = SIMD16<Float>()
                for lane in 0..<taskCount {
                    exps[lane] = exp(z[lane] - largest)
                    total += exps[lane]
                }
                var delta = SIMD16<Float>()
                for lane in 0..<taskCount { delta[lane] = exps[lane] / total }
                loss -= log(max(delta[example.task], 1e-12))
                delta[example.task] -= 1
                for (lane, target) in [(ClassifierModel.mediumOrMoreOutput, example.tier >= 1), (ClassifierModel.complexOutput, example.tier == 2)] {
                    let probability = 1 / (1 + exp(-z[lane]))
                    let label: Float = target ? 1 : 0
                    loss -= label * log(max(probability, 1e-12)) + (1 - label) * log(max(1 - probability, 1e-12))
                    delta[lane] = probability - label
                }
                biasGradient += delta
                for (feature, value) in row { gradient[Int(feature)] += value * delta }
            }
            loss *= scale
            let step = learningRate * (1 - pow(beta2, Float(iteration))).squareRoot() / (1 - pow(beta1, Float(iteration)))
            for feature in weights.indices {
                let g = (gradient[feature] * scale + l2 * weights[feature]) * mask
                firstMoment[feature] = beta1 * firstMoment[feature] + (1 - beta1) * g
                secondMoment[feature] = beta2 * secondMoment[feature] + (1 - beta2) * g * g
                weights[feature] -= step * firstMoment[feature] / (secondMoment[feature].squareRoot() + epsilon)
            }
            let g = biasGradient * scale * mask
            biasFirst = beta1 * biasFirst + (1 - beta1) * g
            biasSecond = beta2 * biasSecond + (1 - beta2) * g * g
            bias -= step * biasFirst / (biasSecond.squareRoot() + epsilon)
            if iteration % 50 == 0 || iteration == iterations { progress(iteration, loss) }
        }

        var table: [UInt32: [Float]] = [:]
        for (feature, key) in vocabulary.enumerated() {
            let row = (0..<outputs).map { weights[feature][$0] }
            if row.contains(where: { abs($0) >= pruneBelow }) { table[key] = row }
        }
        return Result(
            model: ClassifierModel(bias: (0..<outputs).map { bias[$0] }, weights: table), finalLoss: loss)
    }
}
