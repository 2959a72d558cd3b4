import ArgumentParser
import Foundation
import Router

/// A labelled request as written in the corpus and the evaluation set.
struct LabelledRequest: Decodable {
    var id: String
    var split: String
    var language: String
    var taskType: String
    var tier: String
    var messages: [ChatMessage]

    enum CodingKeys: String, CodingKey {
        case id, split, language, tier, messages
        case taskType = "task_type"
    }

    func example(_ extractor: PromptFeatureExtractor) throws -> TrainingExample {
        guard let task = TaskType.allCases.firstIndex(where: { $0.rawValue == taskType }) else {
            throw ValidationError("\(id): unknown task type \(taskType)")
        }
        guard let tier = TrainingExample.tiers.firstIndex(of: tier) else {
            throw ValidationError("\(id): unknown tier \(tier)")
        }
        return TrainingExample(
            features: extractor.features(of: PromptInput(messages: messages)), task: task, tier: tier,
            language: language, id: id)
    }
}

enum LabelledFile {
    static func read(_ path: String) throws -> [LabelledRequest] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
            number, line -> LabelledRequest? in
            guard !line.allSatisfy(\.isWhitespace) else { return nil }
            do {
                return try decoder.decode(LabelledRequest.self, from: Data(line.utf8))
            } catch {
                throw ValidationError("\(path):\(number + 1): \(error)")
            }
        }
    }
}
