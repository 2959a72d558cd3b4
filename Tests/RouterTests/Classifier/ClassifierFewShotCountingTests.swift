import Router
import Testing

/// Worked examples are counted from line labels: `Example n:` blocks or answered input/output pairs.
@Suite struct ClassifierFewShotCountingTests {
    let classifier = LexicalPromptClassifier()

    func fewShots(_ prompt: String) -> Int {
        classifier.classify(PromptInput(lastUserMessage: prompt)).numberOfFewShots
    }

    @Test func questionAnswerPairsCountOnlyAnsweredOnes() {
        let prompt = "Q: What is 2+2?\nA: 4\nQ: What is the capital of Italy?\nA: Rome\nQ: Who wrote Hamlet?\nA:"
        #expect(fewShots(prompt) == 2)
    }

    @Test func inputOutputPairsWithTheAnswerOnTheNextLineCount() {
        let prompt = "Input: hello\nOutput:\nbonjour\n\nInput: thank you\nOutput:\nmerci\n\nInput: good night\nOutput:"
        #expect(fewShots(prompt) == 2)
    }

    @Test func numberedExamplesWithContentCount() {
        let prompt = "Example 1: great movie -> positive\nExample 2: boring -> negative\nExample 3: loved it -> positive\nNow: meh ->"
        #expect(fewShots(prompt) == 3)
    }

    @Test func chineseLabelledExamplesCount() {
        let prompt = "示例：\n文本：这家餐厅太难吃了。\n情感：负面\n文本：服务很周到。\n情感：正面\n文本：价格一般。\n情感："
        #expect(fewShots(prompt) == 2)
    }

    @Test func spanishAndGermanLabelsCount() {
        #expect(fewShots("Pregunta: ¿2+2?\nRespuesta: 4\nPregunta: ¿3+3?\nRespuesta: 6\nPregunta: ¿4+4?\nRespuesta:") == 2)
        #expect(fewShots("Eingabe: Hund\nAusgabe: dog\nEingabe: Katze\nAusgabe:") == 1)
    }

    @Test func aSingleQuestionLabelIsNotAnExample() {
        #expect(fewShots("Context: Water boils at 100 °C at sea level.\nQuestion: At what temperature does water boil?") == 0)
        #expect(fewShots("Summarize this article for me.") == 0)
    }

    @Test func manyExamplesAreCountedInFullButWeighAsFive() {
        let prompt = (1...7).map { "Q: question \($0)\nA: answer \($0)" }.joined(separator: "\n") + "\nQ: last one\nA:"
        let classification = classifier.classify(PromptInput(lastUserMessage: prompt))
        #expect(classification.numberOfFewShots == 7)
        #expect(classification.signals.contains("few_shot:input_output_pairs=7"))
        let atFive = PromptClassification.complexityScore(
            creativity: classification.creativity, reasoning: classification.reasoning,
            constraints: classification.constraints, domainKnowledge: classification.domainKnowledge,
            contextualKnowledge: classification.contextualKnowledge, numberOfFewShots: 5)
        #expect(classification.complexityScore == atFive)
    }
}
