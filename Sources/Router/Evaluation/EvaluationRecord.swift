/// One labelled request of the routing evaluation set (`Tests/RouterTests/Fixtures/Eval`; its
/// `GUIDELINE.md` says how records are labelled).
///
/// Decoding checks what the guideline requires of one record: known labels, and messages that end
/// with a user turn. ``EvaluationSet`` adds the line numbers and the checks across records.
public struct EvaluationRecord: Decodable, Sendable, Equatable {
    /// Unique and stable within the set.
    public var id: String
    /// Whether the record may be tuned against.
    public var split: EvaluationSplit
    /// The language of the last user turn (`en`, `zh`, `es`, `fr`, `de`, `ja`).
    public var language: String
    /// The labelled task type (`task_type` in the file).
    public var taskType: TaskType
    /// The tier a careful operator would route the request to.
    public var tier: Tier
    /// The request's messages, ending with a user turn.
    public var messages: [ChatMessage]
    /// Why this tier (and, when not obvious, this task type).
    public var why: String

    /// A record from its parts.
    public init(
        id: String, split: EvaluationSplit, language: String, taskType: TaskType, tier: Tier,
        messages: [ChatMessage], why: String
    ) {
        self.id = id
        self.split = split
        self.language = language
        self.taskType = taskType
        self.tier = tier
        self.messages = messages
        self.why = why
    }

    /// Whether a system (or developer) message sets context for the request.
    public var hasSystemMessage: Bool {
        messages.contains { $0.role == "system" || $0.role == "developer" }
    }

    /// Whether the request continues a conversation: a turn before the last user turn, besides
    /// system messages.
    public var isMultiTurn: Bool {
        messages.count(where: { $0.role != "system" && $0.role != "developer" }) > 1
    }

    enum CodingKeys: String, CodingKey {
        case id, split, language, tier, messages, why
        case taskType = "task_type"
    }

    /// Decodes a record; a label outside the guideline's names or messages that do not end with a
    /// user turn are `DecodingError.dataCorrupted` at that key, with the reason as its description.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func label<Label: RawRepresentable>(_ key: CodingKeys, expected: [Label]) throws -> Label
        where Label.RawValue == String {
            let name = try container.decode(String.self, forKey: key)
            guard let value = Label(rawValue: name) else {
                let names = expected.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container,
                    debugDescription: "unknown \(key.rawValue) \"\(name)\" (expected one of \(names))")
            }
            return value
        }
        id = try container.decode(String.self, forKey: .id)
        split = try label(.split, expected: EvaluationSplit.allCases)
        language = try container.decode(String.self, forKey: .language)
        taskType = try label(.taskType, expected: TaskType.allCases)
        tier = try label(.tier, expected: Tier.allCases)
        messages = try container.decode([ChatMessage].self, forKey: .messages)
        guard let last = messages.last else {
            throw DecodingError.dataCorruptedError(forKey: .messages, in: container, debugDescription: "messages is empty")
        }
        guard last.role == "user" else {
            throw DecodingError.dataCorruptedError(
                forKey: .messages, in: container,
                debugDescription: "messages must end with a user turn, not \(last.role)")
        }
        why = try container.decode(String.self, forKey: .why)
    }
}
