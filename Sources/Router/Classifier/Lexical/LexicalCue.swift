/// What a matched cue counts toward.
enum CueTarget: Hashable, Sendable {
    case task(TaskType)
    case creativity
    case reasoning
    case contextualKnowledge
    case constraints
    /// A field of knowledge, such as `medicine` or `law`.
    case domain(String)

    /// The part of a signal name before the colon (`task.code_generation`, `domain.law`, `reasoning`).
    var signalPrefix: String {
        switch self {
        case .task(let type): "task." + String(type.rawValue.lowercased().map { $0 == " " ? "_" : $0 })
        case .creativity: "creativity"
        case .reasoning: "reasoning"
        case .contextualKnowledge: "context"
        case .constraints: "constraints"
        case .domain(let name): "domain." + name
        }
    }
}

/// Phrases that count toward one target with one weight, as written in the cue tables.
struct CueGroup: Sendable {
    var target: CueTarget
    var weight: Double
    var phrases: [String]

    init(_ target: CueTarget, _ weight: Double = 1, _ phrases: [String]) {
        self.target = target
        self.weight = weight
        self.phrases = phrases
    }
}

/// One phrase, as the word hashes ``ScannedText`` produces, with what it counts toward.
struct LexicalCue: Sendable {
    var words: [UInt64]
    var target: CueTarget
    var weight: Double
    /// `prefix:phrase`, with words joined by `_` (CJK characters joined directly).
    var signal: String

    init(words: [UInt64], target: CueTarget, weight: Double, signal: String) {
        self.words = words
        self.target = target
        self.weight = weight
        self.signal = signal
    }
}
