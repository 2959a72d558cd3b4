/// What the cue tables find in a prompt, read once: the scanned parts, the task cue scores
/// (with structure: code fences, arithmetic, a question with or without a passage), the
/// dimension cues of every part and the few-shot examples.
///
/// ``LexicalPromptClassifier`` turns it into a classification directly; the learned classifier
/// reads its scores as features beside the words.
struct LexicalReading {
    let message: ScannedText
    let system: ScannedText?
    let earlier: ScannedText?
    /// The earlier user messages (part of ``earlier``), read apart for the learned classifier.
    let earlierUser: ScannedText?
    /// Each task type's cue score, in ``TaskType/allCases`` order.
    let taskScores: [Double]
    /// The highest-scoring task type (ties to the earlier type), or the fallback with no cue.
    let lexicalTask: TaskType
    /// The summed dimension cues of the message, the system text and the earlier conversation.
    let totals: CueTotals
    let fewShots: (count: Int, signals: [String])
    /// The numbers (runs of digits) among the message's words.
    let numberCount: Int
    /// The task cues and structure that fired, as `task.<type>:<cue>`.
    let taskSignals: [String]
    /// The dimension cues that fired, each once.
    let dimensionSignals: [String]

    /// Cues among the first words weigh more: the instruction usually comes before the material
    /// it applies to ("Translate: …the annual summary…" is a rewrite, not a summary).
    static let instructionWords = 12
    static let instructionBoost = 1.5

    init(_ prompt: PromptInput, cues: CueIndex) {
        message = ScannedText(prompt.lastUserMessage)
        system = prompt.system.isEmpty ? nil : ScannedText(prompt.system)
        earlier = prompt.earlierConversation.isEmpty ? nil : ScannedText(prompt.earlierConversation)
        earlierUser = prompt.earlierUserMessages.isEmpty ? nil : ScannedText(prompt.earlierUserMessages)
        fewShots = FewShotCounter.count(message.lineLabels + (system?.lineLabels ?? []))

        let messageMatches = cues.matches(in: message.words)
        var taskSignals: [String] = []
        var scores = [Double](repeating: 0, count: TaskType.ordered.count)
        for match in messageMatches {
            let taskIndex = cues.taskIndexes[match.id]
            guard taskIndex >= 0 else { continue }
            scores[taskIndex] += cues.weights[match.id] * (match.position < Self.instructionWords ? Self.instructionBoost : 1)
            taskSignals.append(cues.cues[match.id].signal)
        }
        numberCount = message.words.lazy.filter { $0 == WordHash.number }.count
        Self.addStructure(
            of: message, numberCount: numberCount, hasFewShots: fewShots.count > 0, to: &scores, signals: &taskSignals)
        var best: Int?
        for index in scores.indices where scores[index] > (best.map { scores[$0] } ?? 0) { best = index }
        if let best {
            lexicalTask = TaskType.ordered[best]
        } else {
            taskSignals.append("task.fallback:no_cue")
            lexicalTask = message.questionMarks > 0 ? .openQA : .other
        }
        taskScores = scores
        self.taskSignals = taskSignals

        var dimensionCueIDs: [Int] = []
        for match in messageMatches where cues.taskIndexes[match.id] < 0 { dimensionCueIDs.append(match.id) }
        for context in [system, earlier].compactMap({ $0 }) {
            let known = Set(dimensionCueIDs)
            for match in cues.matches(in: context.words)
            where cues.taskIndexes[match.id] < 0 && !known.contains(match.id) {
                dimensionCueIDs.append(match.id)
            }
        }
        var totals = CueTotals()
        for id in dimensionCueIDs { totals.add(cues.cues[id]) }
        self.totals = totals
        dimensionSignals = dimensionCueIDs.map { cues.cues[$0].signal }
    }

    /// Structure that points to a task: a code fence or dense `{};` to code, two numbers and an
    /// operator to Other, a question with a passage to closed QA and without one to open QA.
    private static func addStructure(
        of message: ScannedText, numberCount: Int, hasFewShots: Bool, to scores: inout [Double], signals: inout [String]
    ) {
        func add(_ type: TaskType, _ weight: Double, _ signal: String) {
            scores[type.index] += weight
            signals.append(signal)
        }
        if message.codeFences > 0 { add(.codeGeneration, 3, "task.code_generation:code_fence") }
        if message.codeSymbols >= 3 { add(.codeGeneration, 2, "task.code_generation:code_symbols") }
        if numberCount >= 2 && message.mathSymbols >= 1 { add(.other, 3, "task.other:arithmetic") }
        if message.questionMarks > 0 {
            let hasPassage = message.scalarCount > 160 || message.lineCount > 2 || message.quotedScalars >= 40
            if hasPassage && !hasFewShots {
                add(.closedQA, 2, "task.closed_qa:question_with_passage")
            } else {
                add(.openQA, 1.5, "task.open_qa:question")
            }
        }
    }

    /// The classification with `taskType`: each dimension from the task type's base and the cues
    /// (``DimensionScale``), and the complexity score given, or NVIDIA's weighting of the dimensions.
    func classification(
        taskType: TaskType, complexityScore: Double? = nil, extraSignals: [String] = []
    ) -> PromptClassification {
        typealias Scale = DimensionScale
        var signals = taskSignals + dimensionSignals
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
        signals += extraSignals
        return PromptClassification(
            taskType: taskType,
            creativity: Scale.creativityBase[taskType, default: 0] + Scale.creativityPerCue * totals.creativity,
            reasoning: reasoning,
            contextualKnowledge: context,
            domainKnowledge: Scale.domainFloor + Scale.domainPerTerm * Double(totals.domainTerms),
            constraints: Scale.constraintsPerCue * totals.constraints,
            numberOfFewShots: fewShots.count,
            complexityScore: complexityScore,
            signals: signals
        )
    }
}
