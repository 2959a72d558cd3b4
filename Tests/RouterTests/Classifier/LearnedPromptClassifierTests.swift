import DomainEvents
import Foundation
import Router
import Testing

/// The learned classifier's machinery: the model's bytes, how features reach the outputs, and
/// what each decision records.
@Suite struct LearnedPromptClassifierTests {
    static let outputs = ClassifierModel.outputCount

    /// A model whose only weights are `lane` = `weight` in every bucket of `buckets`.
    static func model(keys buckets: some Sequence<UInt32>, lane: Int, weight: Float, bias: [Float]? = nil) -> ClassifierModel {
        var weights: [UInt32: [Float]] = [:]
        for bucket in buckets {
            var row = [Float](repeating: 0, count: outputs)
            row[lane] = weight
            weights[bucket] = row
        }
        return ClassifierModel(bias: bias ?? [Float](repeating: 0, count: outputs), weights: weights)
    }

    @Test func aModelRoundTripsThroughItsBytesWithAVersionFromThem() throws {
        let first = Self.model(keys: [11, 22, 33], lane: 3, weight: 0.75, bias: (0..<Self.outputs).map { Float($0) / 10 })
        let bytes = first.serialized()
        // Header (20) + biases (4 each) + per bucket its index (4) and a Float16 per output (2 each).
        #expect(bytes.count == 20 + 4 * Self.outputs + 3 * (4 + 2 * Self.outputs))
        let second = try ClassifierModel(serialized: bytes)
        #expect(second.serialized() == bytes)
        #expect(second.version == first.version)
        #expect(second.featureCount == 3)
        #expect(first.version.hasPrefix("learned-2.") && first.version.count == "learned-2.".count + 8)
        let other = Self.model(keys: [11, 22, 33], lane: 3, weight: 0.5)
        #expect(other.version != first.version, "the version changes with the weights")
    }

    @Test func bytesThatAreNotAModelAreErrors() throws {
        let bytes = Self.model(keys: [5], lane: 0, weight: 1).serialized()
        #expect(throws: ClassifierModelError.self) { try ClassifierModel(serialized: Array("NOPE".utf8) + bytes.dropFirst(4)) }
        #expect(throws: ClassifierModelError.self) { try ClassifierModel(serialized: Array(bytes.dropLast(3))) }
        #expect(throws: ClassifierModelError.self) { try ClassifierModel(serialized: bytes + [0]) }
        #expect(throws: ClassifierModelError.self) { try ClassifierModel(serialized: []) }
        var outOfRange = bytes
        let bucketOffset = 20 + 4 * Self.outputs
        outOfRange.replaceSubrange(bucketOffset..<(bucketOffset + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: ClassifierModelError.self) { try ClassifierModel(serialized: outOfRange) }
    }

    /// Weights on the features only one prompt has move that prompt's outputs and no other's: the
    /// features reach the right outputs, in ``TaskType/allCases`` order, then the tier heads.
    @Test func theWeightsOfAPromptsFeaturesDecideItsTaskAndScore() throws {
        let extractor = PromptFeatureExtractor()
        let rewriteInput = PromptInput(lastUserMessage: "Turn this sentence into formal English: gonna be late, sorry")
        let otherInput = PromptInput(lastUserMessage: "Kubernetes pods keep restarting")
        func buckets(_ input: PromptInput) -> Set<UInt32> {
            Set(extractor.features(of: input).keys.map(ClassifierModel.bucket(of:)))
        }
        let own = buckets(rewriteInput).subtracting(buckets(otherInput))
        #expect(own.count >= 5)
        let rewriteLane = TaskType.allCases.firstIndex(of: .rewrite)!
        var weights: [UInt32: [Float]] = [:]
        for key in own {
            var row = [Float](repeating: 0, count: Self.outputs)
            row[rewriteLane] = 4
            row[ClassifierModel.mediumOrMoreOutput] = 4
            row[ClassifierModel.complexOutput] = 4
            weights[key] = row
        }
        let classifier = LearnedPromptClassifier(model: ClassifierModel(bias: [Float](repeating: 0, count: Self.outputs), weights: weights))
        let rewrite = classifier.classify(rewriteInput)
        #expect(rewrite.taskType == .rewrite)
        #expect(rewrite.complexityScore > 0.9)
        // Nothing of the other prompt has a weight: every output is its bias, 0 — a tie the first
        // task type wins, and both tier probabilities 0.5.
        let other = classifier.classify(otherInput)
        #expect(other.taskType == .openQA)
        #expect(other.complexityScore == 0.5)
        #expect(other.signals.contains("model.tier:p_complex=0.50"))
    }

    @Test func everyTaskTypeKnowsItsPositionAmongTheOutputs() {
        for (position, type) in TaskType.allCases.enumerated() {
            let input = PromptInput(lastUserMessage: "x")
            let model = Self.model(keys: [], lane: 0, weight: 0, bias: (0..<Self.outputs).map { $0 == position ? 5 : 0 })
            #expect(LearnedPromptClassifier(model: model).classify(input).taskType == type)
        }
    }

    @Test func theConversationBeforeTheLastMessageIsReadApart() {
        let extractor = PromptFeatureExtractor()
        let question = "What is the deadline?"
        let alone = Set(extractor.features(of: PromptInput(lastUserMessage: question)).keys)
        let withSystem = Set(extractor.features(of: PromptInput(messages: [
            ChatMessage(role: "system", content: "Policy: refunds are accepted within 30 days of delivery."),
            ChatMessage(role: "user", content: question),
        ])).keys)
        let withTurns = Set(extractor.features(of: PromptInput(messages: [
            ChatMessage(role: "user", content: "Policy: refunds are accepted within 30 days of delivery."),
            ChatMessage(role: "assistant", content: "Noted."),
            ChatMessage(role: "user", content: question),
        ])).keys)
        // The context's words are features of their own, so the same words in the last message
        // would be other features.
        #expect(withSystem.subtracting(alone).count >= 8)
        #expect(withTurns.subtracting(alone).count > withSystem.subtracting(alone).count, "earlier user turns are read twice: as context and as the earlier request")
        let onlyMessage = Set(extractor.features(of: PromptInput(
            lastUserMessage: "Policy: refunds are accepted within 30 days of delivery. " + question)).keys)
        #expect(onlyMessage.intersection(withSystem.subtracting(alone)).isEmpty)
    }

    @Test func everyDecisionRecordsTheClassifierThatDerivedItsFeatures() throws {
        let router = RequestRouter(config: .builtIn)
        let decision = try router.route(
            messages: [ChatMessage(role: "user", content: "Translate 'good morning' into French.")], requestedModel: nil)
        #expect(decision.features.classifier == ClassifierModel.bundled.version)
        #expect(decision.features.classifier?.hasPrefix("learned-2.") == true)
        let lexical = RequestRouter(config: .builtIn, classifier: LexicalPromptClassifier())
        let old = try lexical.route(
            messages: [ChatMessage(role: "user", content: "Translate 'good morning' into French.")], requestedModel: nil)
        #expect(old.features.classifier == "lexical-1")
        #expect(RequestRouter.featuresVersion == 2)
    }

    @Test func theNvidiaScorerRoutesOnThePublishedWeightingOfTheDimensions() throws {
        let router = RequestRouter(config: .builtIn)
        let messages = [ChatMessage(role: "user", content: "Write a poem about a lighthouse keeper, in exactly 12 lines.")]
        let features = router.features(of: messages)
        let classification = features.classification
        let nvidia = PromptClassification.complexityScore(
            creativity: classification.creativity, reasoning: classification.reasoning,
            constraints: classification.constraints, domainKnowledge: classification.domainKnowledge,
            contextualKnowledge: classification.contextualKnowledge, numberOfFewShots: classification.numberOfFewShots)
        #expect(classification.nvidiaScore == nvidia)
        #expect(classification.complexityScore != nvidia, "the shipped score is the learned one")
        let below = try router.route(messages: messages, requestedModel: "router-nvidia-" + String(format: "%.4f", nvidia + 0.01))
        let atOrAbove = try router.route(messages: messages, requestedModel: "router-nvidia-" + String(format: "%.4f", nvidia))
        #expect(below.reason.contains("nvidia score"))
        #expect(below.chosenModel == "gpt-4o-mini")
        #expect(atOrAbove.chosenModel == "gpt-4o")
    }
}
