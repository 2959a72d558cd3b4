/// Counts the worked examples in a prompt from its line labels: `Example 1:` blocks, or
/// answered input/output pairs such as `Q:`/`A:`, `Input:`/`Output:`, `Review:`/`Sentiment:`.
enum FewShotCounter {
    /// Labels that open one example each.
    static let exampleLabels: Set<UInt64> = hashes([
        "example", "examples", "ejemplo", "exemple", "beispiel", "示例", "例子", "例", "样例",
    ])
    /// Labels that open the input half of an example.
    static let inputLabels: Set<UInt64> = hashes([
        "input", "q", "question", "text", "review", "sentence", "tweet", "user", "输入", "问", "问题", "文本", "评论",
        "entrada", "pregunta", "texto", "frage", "eingabe", "texte",
    ])
    /// Labels that open the answer half of an example.
    static let outputLabels: Set<UInt64> = hashes([
        "output", "a", "answer", "sentiment", "label", "category", "assistant", "输出", "答", "答案", "情感", "标签",
        "类别", "salida", "respuesta", "antwort", "ausgabe", "réponse", "sortie",
    ])

    private static func hashes(_ labels: [String]) -> Set<UInt64> {
        Set(labels.map(WordHash.ofLabel))
    }

    /// The number of examples, and the signals that counted them.
    static func count(_ labels: [ScannedText.LineLabel]) -> (count: Int, signals: [String]) {
        let examples = labels.filter { exampleLabels.contains($0.name) && $0.hasContent }.count
        let inputs = labels.filter { inputLabels.contains($0.name) }.count
        let answers = labels.filter { outputLabels.contains($0.name) && $0.hasContent }.count
        let pairs = min(inputs, answers)
        var signals: [String] = []
        if examples > 0 { signals.append("few_shot:example_labels=\(examples)") }
        if pairs > 0 { signals.append("few_shot:input_output_pairs=\(pairs)") }
        return (max(examples, pairs), signals)
    }
}
