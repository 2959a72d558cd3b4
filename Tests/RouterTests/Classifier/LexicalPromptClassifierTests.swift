import Foundation
import Router
import Testing

/// Behaviour of the built-in lexical classifier: obvious cases per task type and language,
/// signals that name what fired, dimensions in range, determinism.
@Suite struct LexicalPromptClassifierTests {
    let classifier = LexicalPromptClassifier()

    func classify(_ prompt: String) -> PromptClassification {
        classifier.classify(PromptInput(lastUserMessage: prompt))
    }

    static let obviousCases: [(prompt: String, expected: TaskType)] = [
        ("Why does ice float on water?", .openQA),
        ("地球为什么是圆的？", .openQA),
        ("¿Por qué se caen las hojas en otoño?", .openQA),
        ("Based on the following text, who signed the letter?\n\nDear team, thanks for a great year. — Maria", .closedQA),
        ("根据以下材料回答问题：材料：故宫始建于1406年。问题：故宫是哪一年开始建造的？", .closedQA),
        ("Summarize this report in three bullet points.", .summarization),
        ("请总结这篇文章的主要观点。", .summarization),
        ("Fasse diesen Artikel in zwei Sätzen zusammen.", .summarization),
        ("Write a poem about the ocean at night.", .textGeneration),
        ("写一个关于小狐狸的童话故事。", .textGeneration),
        ("Écris un poème sur la pluie.", .textGeneration),
        ("Write a Python function that merges two sorted lists.", .codeGeneration),
        ("用Java实现一个二分查找算法。", .codeGeneration),
        ("```swift\nlet x = [1, 2, 3].map { $0 * 2 }\n```\nWhy does this not compile?", .codeGeneration),
        ("Hi there! How are you today?", .chatbot),
        ("你好，陪我聊聊天吧", .chatbot),
        ("Classify the sentiment of this tweet as positive or negative: \"Best day ever!\"", .classification),
        ("判断这条评论是正面还是负面：\"质量太差了\"", .classification),
        ("Rewrite this sentence to be more formal: \"gonna be late\"", .rewrite),
        ("把这句话翻译成英文：\"今天天气很好\"", .rewrite),
        ("Übersetze ins Französische: \"Guten Morgen\"", .rewrite),
        ("Give me 10 ideas for a birthday gift for my dad.", .brainstorming),
        ("帮我想几个咖啡店的名字。", .brainstorming),
        ("Extract all the dates from this text: \"We met on May 3 and again on June 9.\"", .extraction),
        ("从下面的文字中提取所有人名：\"小明和小红去了公园。\"", .extraction),
        ("Calculate 15% of 240.", .other),
        ("asdf", .other),
        // Japanese: every claimed language has cue tables (issue 16).
        ("次の文章を三行で要約してください。", .summarization),
        ("この文を英語に翻訳してください：「明日は雨です」", .rewrite),
        ("新しいカフェの名前のアイデアをいくつか出して。", .brainstorming),
        ("このレビューはポジティブかネガティブか分類してください：「最高でした」", .classification),
        ("次の文から人名を抽出して：「田中さんと鈴木さんが来ました」", .extraction),
        ("Pythonでリストを逆順にする関数のコードを書いて。", .codeGeneration),
        ("こんにちは！元気？", .chatbot),
    ]

    @Test(arguments: obviousCases)
    func obviousPromptsGetTheirTaskType(_ prompt: String, _ expected: TaskType) {
        #expect(classify(prompt).taskType == expected)
    }

    @Test func signalsNameTheCuesThatFired() {
        let reasoning = classify("Explain step by step why the sky is blue.")
        #expect(reasoning.signals.contains("reasoning:step_by_step"))
        #expect(reasoning.signals.contains("reasoning:why"))

        let code = classify("```python\nprint('hi')\n```\nWhat does this print?")
        #expect(code.signals.contains("task.code_generation:code_fence"))

        let constrained = classify("Describe Paris in at most 50 words, in JSON.")
        #expect(constrained.signals.contains("constraints:at_most"))
        #expect(constrained.signals.contains("constraints:n_words"))
        #expect(constrained.signals.contains("constraints:json"))

        let chinese = classify("用不超过100字总结这篇文章，必须包含结论。")
        #expect(chinese.signals.contains("task.summarization:总结"))
        #expect(chinese.signals.contains("constraints:不超过"))
        #expect(chinese.signals.contains("constraints:必须"))

        let medical = classify("The patient's blood pressure is high; what dosage of lisinopril is typical?")
        #expect(medical.signals.contains("domain.medicine:patient"))
        #expect(medical.signals.contains("domain.medicine:blood_pressure"))
        #expect(medical.signals.contains("domain.medicine:dosage"))

        let creative = classify("Imagine a story about a dragon.")
        #expect(creative.signals.contains("creativity:imagine"))
        #expect(creative.signals.contains("creativity:story"))
    }

    @Test func cuesRaiseTheirDimension() {
        let plain = classify("Tell me about Paris.")
        let constrained = classify("Tell me about Paris in at most 50 words, as JSON, and you must not mention the Eiffel Tower.")
        #expect(constrained.constraints > plain.constraints)

        let general = classify("What is a good name for a dog?")
        let legal = classify("What does the indemnity clause in this lease contract mean for the tenant and the landlord?")
        #expect(legal.domainKnowledge > general.domainKnowledge)

        let essay = classify("Write an essay about trees.")
        let poem = classify("Write a poem about trees, imagine you are a fantasy creature, and make it funny.")
        #expect(poem.creativity > essay.creativity)

        let short = classify("What is inflation?")
        let withContext = classify(
            "Based on the article below, what is inflation?\n\n" + String(repeating: "Prices rose across the economy. ", count: 30))
        #expect(withContext.contextualKnowledge > short.contextualKnowledge)
        #expect(withContext.signals.contains("context:long_input"))
    }

    @Test func everyDimensionStaysInTheUnitInterval() throws {
        let overloaded = String(
            repeating: "Explain step by step why the patient contract revenue quantum database must be at most 5 words in JSON, imagine a poem story. ",
            count: 20)
        let prompts = try LabelledPrompt.all().map(\.prompt) + [overloaded, "", "   \n\n  "]
        for prompt in prompts {
            let result = classify(prompt)
            for value in [result.creativity, result.reasoning, result.contextualKnowledge, result.domainKnowledge,
                          result.constraints, result.complexityScore] {
                #expect((0...1).contains(value), "\(prompt.prefix(40))")
                #expect((value * 10_000).rounded() / 10_000 == value)
            }
        }
    }

    @Test func classificationIsDeterministic() throws {
        let other = LexicalPromptClassifier()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for labelled in try LabelledPrompt.all() {
            let input = PromptInput(lastUserMessage: labelled.prompt)
            let first = classifier.classify(input)
            #expect(first == classifier.classify(input))
            #expect(try encoder.encode(first) == encoder.encode(other.classify(input)))
        }
    }

    @Test func systemTextAddsConstraintsWithoutChangingTheTask() {
        let bare = classifier.classify(PromptInput(lastUserMessage: "Write a poem about rain."))
        let withSystem = classifier.classify(
            PromptInput(system: "Always answer in JSON. Do not use more than 100 words.", lastUserMessage: "Write a poem about rain."))
        #expect(withSystem.taskType == .textGeneration)
        #expect(withSystem.constraints > bare.constraints)
        #expect(withSystem.signals.contains("constraints:json"))
        #expect(withSystem.signals.contains("context:system_prompt"))
    }

    @Test func earlierConversationCountsAsContext() {
        let alone = classifier.classify(PromptInput(lastUserMessage: "And what about the second one?"))
        let inConversation = classifier.classify(
            PromptInput(lastUserMessage: "And what about the second one?", earlierConversation: "List two rivers in Spain.\nThe Ebro and the Tagus."))
        #expect(inConversation.contextualKnowledge > alone.contextualKnowledge)
        #expect(inConversation.signals.contains("context:conversation_history"))
    }

    @Test func classificationEncodesWithThePromptFeatureNames() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(String(data: encoder.encode(classify("Hi!")), encoding: .utf8))
        for key in ["task_type", "creativity", "reasoning", "contextual_knowledge", "domain_knowledge", "constraints",
                    "number_of_few_shots", "complexity_score", "signals"] {
            #expect(json.contains("\"\(key)\""))
        }
        #expect(json.contains("\"task_type\":\"Chatbot\""))
    }
}
