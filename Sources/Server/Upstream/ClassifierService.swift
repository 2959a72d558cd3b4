import AsyncHTTPClient
import CanonicalJSON
import NIOCore
import NIOHTTP1
import Router

/// The `http` classifier (`routing.classifier.kind: http`): posts each prompt to a classifier
/// service and reads NVIDIA's prompt-task-and-complexity-classifier outputs from its answer.
///
/// Request: `POST {url}` with `{"prompt": <the last user message>, "messages": [{role, content}…]}`.
/// Answer: a JSON object with NVIDIA's output names — `task_type_1` (one of the eleven task
/// types), `creativity_scope`, `reasoning`, `contextual_knowledge`, `domain_knowledge`,
/// `constraint_ct` (each in [0, 1]), `number_of_few_shots` (≥ 0), `prompt_complexity_score`
/// (in [0, 1]) — each a value or, as the model's batch output has it, a list of one; optionally
/// `classifier` (its name, recorded as `http:<name>`). Anything else — a timeout, an error status,
/// a missing or out-of-range field — is a fallback with its reason, never a failed request.
struct ClassifierService: Sendable {
    let http: UpstreamHTTP
    let url: String
    let timeoutMilliseconds: Int

    init(client: HTTPClient, settings: ClassifierSettings) {
        http = UpstreamHTTP(client: client, timeout: .milliseconds(Int64(settings.timeoutMs)))
        url = settings.url ?? ""
        timeoutMilliseconds = settings.timeoutMs
    }

    /// The service's classification of `messages`, or why the in-process classifier must decide.
    func classify(_ messages: [ChatMessage]) async -> ServiceClassification {
        let body: [String: JSONValue] = [
            "prompt": .string(PromptInput(messages: messages).lastUserMessage),
            "messages": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
        ]
        let answer: [String: JSONValue]
        do {
            let response = try await http.post(
                url, headers: ["content-type": "application/json"], body: JSONObjectCoding.bytes(body),
                describeError: { body, status in
                    UpstreamFailure(kind: .status, status: Int(status.code), message: UpstreamHTTP.excerpt(body, status: status))
                })
            let bytes = try await UpstreamHTTP.collect(response)
            guard let object = JSONObjectCoding.object(bytes.readableBytesView) else {
                return .fellBack(reason: "http classifier: the answer is not a JSON object")
            }
            answer = object
        } catch {
            let failure = UpstreamHTTP.failure(error)
            let reason = failure.kind == .timeout ? "timed out after \(timeoutMilliseconds) ms" : failure.description
            return .fellBack(reason: "http classifier: " + reason)
        }
        return Self.classification(answer)
    }

    /// NVIDIA's outputs in `answer` as a classification; a fallback naming the first bad field.
    static func classification(_ answer: [String: JSONValue]) -> ServiceClassification {
        func value(_ key: String) -> JSONValue? {
            if case .array(let list)? = answer[key] { return list.first }
            return answer[key]
        }
        func unit(_ key: String) -> Double? {
            guard let number = value(key)?.doubleValue, number.isFinite, (0...1).contains(number) else { return nil }
            return number
        }
        guard let taskName = value("task_type_1")?.stringValue, let taskType = TaskType(rawValue: taskName) else {
            return .fellBack(reason: "http classifier: task_type_1 is missing or not one of the eleven task types")
        }
        let dimensions = ["creativity_scope", "reasoning", "contextual_knowledge", "domain_knowledge", "constraint_ct", "prompt_complexity_score"]
        if let bad = dimensions.first(where: { unit($0) == nil }) {
            return .fellBack(reason: "http classifier: \(bad) is missing or not a number in [0, 1]")
        }
        guard let shots = value("number_of_few_shots")?.doubleValue, shots >= 0, shots.isFinite else {
            return .fellBack(reason: "http classifier: number_of_few_shots is missing or negative")
        }
        let classification = PromptClassification(
            taskType: taskType, creativity: unit("creativity_scope")!, reasoning: unit("reasoning")!,
            contextualKnowledge: unit("contextual_knowledge")!, domainKnowledge: unit("domain_knowledge")!,
            constraints: unit("constraint_ct")!, numberOfFewShots: Int(shots.rounded()),
            complexityScore: unit("prompt_complexity_score")!)
        let name = value("classifier")?.stringValue ?? "service"
        return .classified(classification, version: "http:" + name)
    }
}
