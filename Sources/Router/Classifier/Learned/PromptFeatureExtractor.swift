import Foundation

/// Turns a prompt, read once by the cue tables (``LexicalReading``), into the learned
/// classifier's features:
/// - the last user message's words (each CJK character is a word, and each pair of adjacent CJK
///   characters is one more), each worth 1/√n for n words
///   so long passages do not drown the instruction; its first ``headWords`` and last
///   ``tailWords`` words again, apart (the instruction comes first in English and last in
///   Japanese or German). Pairs of adjacent words were tried and dropped: they doubled the
///   look-ups and did not raise accuracy on the dev split;
/// - the words of the system message and earlier turns, apart from the message's (a passage
///   there makes a question Closed QA), and the earlier user turns' words and first words apart
///   again (the first request names the task a follow-up continues);
/// - structure: length, lines, question marks (anywhere, at the end), code fences and symbols,
///   arithmetic, quoted material, few-shot examples, labels, and whether context was given;
/// - what the hand-written cue tables found: each task type's cue score, their own pick, and the
///   creativity, reasoning, context, constraint and domain cues.
///
/// No single feature decides a class: every one is a weight in a trained linear model.
public struct PromptFeatureExtractor: Sendable {
    /// Words of the message read as features; the rest of a very long message only counts
    /// toward its length (keeps a decision's cost bounded).
    static let maxMessageWords = 600
    /// Words of the system message and of the earlier conversation read as features, each.
    static let maxContextWords = 300
    static let headWords = 8
    static let tailWords = 6

    private let cues: CueIndex

    /// An extractor over the built-in cue tables.
    public init() {
        cues = .builtIn
    }

    /// The features of `prompt`, for training.
    public func features(of prompt: PromptInput) -> PromptFeatureVector {
        var vector = PromptFeatureVector()
        extract(LexicalReading(prompt, cues: cues), into: &vector)
        return vector
    }

    /// The cue tables' reading of `prompt`.
    func reading(of prompt: PromptInput) -> LexicalReading {
        LexicalReading(prompt, cues: cues)
    }

    /// Adds the features of `reading` to `sink`.
    func extract<Sink: FeatureSink>(_ reading: LexicalReading, into sink: inout Sink) {
        let message = reading.message
        let words = message.words
        let count = min(words.count, Self.maxMessageWords)
        if count > 0 {
            let weight = 1 / Float(count).squareRoot()
            var previous: UInt64 = 0
            for index in 0..<count {
                let word = words[index]
                sink.add(FeatureKey.of(FeatureKey.unigram, word), weight)
                if WordHash.isCJKCharacter(word) && WordHash.isCJKCharacter(previous) {
                    sink.add(FeatureKey.of(FeatureKey.cjkPair, previous &* 0x100_0000_01b3 ^ word), weight)
                }
                previous = word
            }
            for index in 0..<min(count, Self.headWords) { sink.add(FeatureKey.of(FeatureKey.head, words[index]), 0.5) }
            for index in max(0, words.count - Self.tailWords)..<words.count {
                sink.add(FeatureKey.of(FeatureKey.tail, words[index]), 0.5)
            }
        }
        for context in [reading.system, reading.earlier].compactMap({ $0 }) {
            let contextCount = min(context.words.count, Self.maxContextWords)
            guard contextCount > 0 else { continue }
            let weight = 0.5 / Float(contextCount).squareRoot()
            for index in 0..<contextCount { sink.add(FeatureKey.of(FeatureKey.context, context.words[index]), weight) }
        }
        if let earlierUser = reading.earlierUser {
            let words = earlierUser.words
            let userCount = min(words.count, Self.maxContextWords)
            if userCount > 0 {
                let weight = 0.5 / Float(userCount).squareRoot()
                for index in 0..<userCount { sink.add(FeatureKey.of(FeatureKey.earlierUser, words[index]), weight) }
                for index in 0..<min(userCount, Self.headWords) {
                    sink.add(FeatureKey.of(FeatureKey.earlierUserHead, words[index]), 0.5)
                }
            }
        }
        addStructure(of: reading, into: &sink)
        addCues(of: reading, into: &sink)
    }

    private func addStructure<Sink: FeatureSink>(of reading: LexicalReading, into sink: inout Sink) {
        typealias Named = NamedFeatures
        let message = reading.message
        sink.add(Named.messageWords[Self.bucket(message.words.count, Named.messageWords.count)], 1)
        sink.add(Named.messageLines[Self.bucket(message.lineCount - 1, Named.messageLines.count)], 1)
        let isQuestion = message.questionMarks > 0
        if isQuestion { sink.add(Named.question, 1) }
        if message.questionMarks > 1 { sink.add(Named.questions, 1) }
        if message.endsWithQuestionMark { sink.add(Named.endsWithQuestion, 1) }
        if message.codeFences > 0 { sink.add(Named.codeFence, 1) }
        sink.add(Named.codeSymbols[Self.bucket(message.codeSymbols, Named.codeSymbols.count)], 1)
        sink.add(Named.mathSymbols[Self.bucket(message.mathSymbols, Named.mathSymbols.count)], 1)
        sink.add(Named.numbers[Self.bucket(reading.numberCount, Named.numbers.count)], 1)
        if message.quotedScalars >= 40 { sink.add(Named.quoted, 1) }
        sink.add(Named.fewShots[min(reading.fewShots.count, Named.fewShots.count - 1)], 1)
        sink.add(Named.lineLabels[Self.bucket(message.lineLabels.count, Named.lineLabels.count)], 1)

        let systemWords = reading.system?.words.count ?? 0
        let earlierWords = reading.earlier?.words.count ?? 0
        if reading.system != nil { sink.add(Named.hasSystem, 1) }
        if reading.earlier != nil { sink.add(Named.hasEarlier, 1) }
        sink.add(Named.systemWords[Self.bucket(systemWords, Named.systemWords.count)], 1)
        sink.add(Named.earlierWords[Self.bucket(earlierWords, Named.earlierWords.count)], 1)
        let passageInContext = systemWords >= Self.passageWords || earlierWords >= Self.passageWords
        let passageInMessage = message.words.count >= Self.passageWords || message.lineCount > 3
        if passageInContext { sink.add(Named.passageInContext, 1) }
        if isQuestion && passageInContext { sink.add(Named.questionOverContext, 1) }
        if isQuestion && passageInMessage { sink.add(Named.questionOverPassage, 1) }
        if !isQuestion && passageInMessage { sink.add(Named.instructionOverPassage, 1) }
    }

    /// Words from which a text counts as a passage to work on.
    static let passageWords = 60

    private func addCues<Sink: FeatureSink>(of reading: LexicalReading, into sink: inout Sink) {
        typealias Named = NamedFeatures
        for (index, score) in reading.taskScores.enumerated() where score > 0 {
            sink.add(Named.taskCueScore[index], Float(log1p(score)))
        }
        sink.add(Named.lexicalTask[reading.lexicalTask.index], 1)
        let totals = reading.totals
        if totals.creativity > 0 { sink.add(Named.creativityCues, Float(log1p(totals.creativity))) }
        if totals.reasoning > 0 { sink.add(Named.reasoningCues, Float(log1p(totals.reasoning))) }
        if totals.contextualKnowledge > 0 { sink.add(Named.contextCues, Float(log1p(totals.contextualKnowledge))) }
        if totals.constraints > 0 { sink.add(Named.constraintCues, Float(log1p(totals.constraints))) }
        if totals.domainTerms > 0 { sink.add(Named.domainTerms, Float(log1p(Double(totals.domainTerms)))) }
    }

    /// `value`'s bit length (0 for 0, 1 for 1, 2 for 2–3, 3 for 4–7, …), capped at `count - 1`.
    @inline(__always)
    static func bucket(_ value: Int, _ count: Int) -> Int {
        min(value <= 0 ? 0 : Int.bitWidth - value.leadingZeroBitCount, count - 1)
    }
}

/// The keys of the named structural features, computed once.
enum NamedFeatures {
    static let messageWords = FeatureKey.series("msg_words_b", 12)
    static let messageLines = FeatureKey.series("msg_lines_b", 7)
    static let question = FeatureKey.named("q_any")
    static let questions = FeatureKey.named("q_many")
    static let endsWithQuestion = FeatureKey.named("q_end")
    static let codeFence = FeatureKey.named("code_fence")
    static let codeSymbols = FeatureKey.series("code_symbols_b", 6)
    static let mathSymbols = FeatureKey.series("math_symbols_b", 4)
    static let numbers = FeatureKey.series("numbers_b", 5)
    static let quoted = FeatureKey.named("quoted")
    static let fewShots = FeatureKey.series("few_shots_", 4)
    static let lineLabels = FeatureKey.series("line_labels_b", 4)
    static let hasSystem = FeatureKey.named("has_system")
    static let hasEarlier = FeatureKey.named("has_earlier")
    static let systemWords = FeatureKey.series("system_words_b", 12)
    static let earlierWords = FeatureKey.series("earlier_words_b", 12)
    static let passageInContext = FeatureKey.named("passage_in_context")
    static let questionOverContext = FeatureKey.named("question_over_context")
    static let questionOverPassage = FeatureKey.named("question_over_passage")
    static let instructionOverPassage = FeatureKey.named("instruction_over_passage")
    static let taskCueScore = TaskType.allCases.map { FeatureKey.named("cue_score_" + $0.rawValue) }
    static let lexicalTask = TaskType.allCases.map { FeatureKey.named("cue_pick_" + $0.rawValue) }
    static let creativityCues = FeatureKey.named("cues_creativity")
    static let reasoningCues = FeatureKey.named("cues_reasoning")
    static let contextCues = FeatureKey.named("cues_context")
    static let constraintCues = FeatureKey.named("cues_constraints")
    static let domainTerms = FeatureKey.named("cues_domain_terms")
}
