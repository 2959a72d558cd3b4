/// The task a prompt asks for: the categories of NVIDIA's prompt-task-and-complexity-classifier.
/// The raw values are the names written in events and reports.
public enum TaskType: String, CaseIterable, Sendable, Codable {
    case openQA = "Open QA"
    case closedQA = "Closed QA"
    case summarization = "Summarization"
    case textGeneration = "Text Generation"
    case codeGeneration = "Code Generation"
    case chatbot = "Chatbot"
    case classification = "Classification"
    case rewrite = "Rewrite"
    case brainstorming = "Brainstorming"
    case extraction = "Extraction"
    case other = "Other"

    /// ``allCases``, computed once: the synthesized `allCases` builds a new array on every use,
    /// and the classifier reads it on every request.
    static let ordered = TaskType.allCases

    /// The position of this type in ``allCases``.
    var index: Int {
        switch self {
        case .openQA: 0
        case .closedQA: 1
        case .summarization: 2
        case .textGeneration: 3
        case .codeGeneration: 4
        case .chatbot: 5
        case .classification: 6
        case .rewrite: 7
        case .brainstorming: 8
        case .extraction: 9
        case .other: 10
        }
    }

    /// A task type from its name, ignoring case, spaces, hyphens and underscores
    /// (`open_qa`, `Open QA` and `open-qa` are the same); unknown names are nil.
    public init?(name: String) {
        let key = TaskType.normalized(name)
        guard let match = TaskType.allCases.first(where: { TaskType.normalized($0.rawValue) == key }) else { return nil }
        self = match
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter })
    }
}
