/// The built-in classifier: deterministic keyword and phrase tables, no model weights.
///
/// It reads each part of the prompt once into words (``ScannedText``), looks the words up in
/// dictionaries of cue phrases (``CueIndex``), and adds up what matched:
/// - the task type is the highest-scoring one among the cues of the last user message, plus
///   structure (a code fence or dense `{};` points to code; a question with a passage to
///   closed QA, without one or after worked examples to open QA; two numbers and an operator
///   to Other); with no cue at all it is Open QA for a question and Other otherwise;
/// - each dimension starts from a base for the task type and rises with its cues, across
///   system text, earlier conversation and the last user message (``DimensionScale``).
///
/// Task cues among the first ``instructionWords`` words weigh 1.5 times as much. Every cue that
/// fired is listed in ``PromptClassification/signals``.
public struct LexicalPromptClassifier: PromptClassifier {
    private let cues: CueIndex

    /// The classifier with the built-in tables (``TaskCues``, ``DimensionCues``, ``DomainCues``).
    public init() {
        cues = CueIndex(TaskCues.groups + DimensionCues.groups + DomainCues.groups)
    }

    public func classify(_ prompt: PromptInput) -> PromptClassification {
        let message = ScannedText(prompt.lastUserMessage)
        let system = prompt.system.isEmpty ? nil : ScannedText(prompt.system)
        let earlier = prompt.earlierConversation.isEmpty ? nil : ScannedText(prompt.earlierConversation)

        var signals: [String] = []
        let fewShots = FewShotCounter.count(message.lineLabels + (system?.lineLabels ?? []))
        let messageMatches = cues.matches(in: message.words)
        let taskType = decideTask(message, messageMatches, hasFewShots: fewShots.count > 0, signals: &signals)

        var dimensionCueIDs: [Int] = []
        for match in messageMatches where cues.cues[match.id].taskIndex == nil { dimensionCueIDs.append(match.id) }
        for context in [system, earlier].compactMap({ $0 }) {
            let known = Set(dimensionCueIDs)
            for match in cues.matches(in: context.words)
            where cues.cues[match.id].taskIndex == nil && !known.contains(match.id) {
                dimensionCueIDs.append(match.id)
            }
        }
        var totals = CueTotals()
        for id in dimensionCueIDs {
            let cue = cues.cues[id]
            totals.add(cue)
            signals.append(cue.signal)
        }

        typealias Scale = DimensionScale
        var reasoning = Scale.reasoningBase[taskType, default: 0] + Scale.reasoningPerCue * totals.reasoning
        if message.mathSymbols >= 2 {
            reasoning += Scale.reasoningForMath
            signals.append("reasoning:math_symbols")
        }
        if message.words.count > Scale.longPromptWords {
            reasoning += Scale.reasoningForLongPrompt
            signals.append("reasoning:long_prompt")
        }

        var context = Scale.contextPerCue * totals.contextualKnowledge
        let passageLength = Double(message.scalarCount - Scale.passageFreeScalars)
        if passageLength > 0 {
            context += min(Scale.maxContextForPassage, passageLength / Scale.passageScalarsForMax)
            signals.append("context:long_input")
        }
        if let earlier {
            context += Scale.contextForHistory
                + min(Scale.maxContextForHistoryLength, Double(earlier.scalarCount) / Scale.historyScalarsForMax)
            signals.append("context:conversation_history")
        }
        if system != nil {
            context += Scale.contextForSystemPrompt
            signals.append("context:system_prompt")
        }

        signals += fewShots.signals

        return PromptClassification(
            taskType: taskType,
            creativity: Scale.creativityBase[taskType, default: 0] + Scale.creativityPerCue * totals.creativity,
            reasoning: reasoning,
            contextualKnowledge: context,
            domainKnowledge: Scale.domainFloor + Scale.domainPerTerm * Double(totals.domainTerms),
            constraints: Scale.constraintsPerCue * totals.constraints,
            numberOfFewShots: fewShots.count,
            signals: signals
        )
    }

    /// Cues among the first words weigh more: the instruction usually comes before the material
    /// it applies to ("Translate: …the annual summary…" is a rewrite, not a summary).
    static let instructionWords = 12
    static let instructionBoost = 1.5

    /// The task type with the highest cue score in `message`; ties go to the earlier type in
    /// ``TaskType/allCases``.
    private func decideTask(
        _ message: ScannedText, _ matches: [CueIndex.Match], hasFewShots: Bool, signals: inout [String]
    ) -> TaskType {
        let types = TaskType.allCases
        var scores = [Double](repeating: 0, count: types.count)
        for match in matches {
            let cue = cues.cues[match.id]
            guard let taskIndex = cue.taskIndex else { continue }
            scores[taskIndex] += cue.weight * (match.position < Self.instructionWords ? Self.instructionBoost : 1)
            signals.append(cue.signal)
        }
        func add(_ type: TaskType, _ weight: Double, _ signal: String) {
            scores[types.firstIndex(of: type)!] += weight
            signals.append(signal)
        }
        if message.codeFences > 0 { add(.codeGeneration, 3, "task.code_generation:code_fence") }
        if message.codeSymbols >= 3 { add(.codeGeneration, 2, "task.code_generation:code_symbols") }
        let numbers = message.words.lazy.filter { $0 == WordHash.number }.count
        if numbers >= 2 && message.mathSymbols >= 1 { add(.other, 3, "task.other:arithmetic") }
        let isQuestion = message.questionMarks > 0
        if isQuestion {
            let hasPassage = message.scalarCount > 160 || message.lineCount > 2 || message.quotedScalars >= 40
            if hasPassage && !hasFewShots {
                add(.closedQA, 2, "task.closed_qa:question_with_passage")
            } else {
                add(.openQA, 1.5, "task.open_qa:question")
            }
        }
        var best = TaskType.other
        var bestScore = 0.0
        for (index, type) in types.enumerated() where scores[index] > bestScore {
            best = type
            bestScore = scores[index]
        }
        if bestScore > 0 { return best }
        signals.append("task.fallback:no_cue")
        return isQuestion ? .openQA : .other
    }
}
