import Foundation
import Router
import SeededRandom
import TrafficFixtures

/// A seeded llm-compass `data/call_history.jsonl` for `routeledger-bench history`: one record
/// `{timestamp, request, routing, llm}` per line, as llm-compass's router appends them (Python's
/// `json.dumps`, `time.time()` timestamps), oldest first over one year.
///
/// The mix: 70 % routed by the complexity classifier, 10 % by token length, 5 % sent to the fallback
/// model (no classifier figures), 15 % to a model the client named (no routing section). Prompts
/// run from 5 to 2,000 words, most of them short: the word count is 5 × 400^(u³) for u uniform in
/// [0, 1) — half the prompts under 11 words, one in ten over about 400. Models and prices are the
/// built-in catalog's chat models, so replay prices every record.
struct LLMCompassHistory {
    /// 2025-01-01T00:00:00Z, the first record's time, in Unix milliseconds.
    static let start: Int64 = 1_735_689_600_000
    static let yearMilliseconds: Int64 = 365 * 86_400_000

    private static let models = RouteledgerConfig.builtIn.catalog.models.filter { $0.kind == .chat }
    private static let taskTypes = TaskType.allCases.map(\.rawValue)
    /// The benchmark's multilingual sentences, as words.
    private static let sentenceWords = BenchmarkText.sentences.map { $0.split(separator: " ") }
    private static let commonWords: [Substring] = """
        the a model request answer data service cost latency route token user system prompt quality fast cheap \
        result example function value error update query table report customer order payment invoice summary \
        analysis reason step check list plan design build test deploy monitor metric budget policy review \
        because however therefore while when which where about between through during without within
        """.split(separator: " ")

    private var random: SeededGenerator
    private var clock: Int64
    private let meanGap: Int64

    /// `count` records spread evenly (on average) over the year from ``start``.
    init(count: Int, seed: UInt64 = 14) {
        random = SeededGenerator(seed: seed)
        clock = Self.start
        meanGap = Self.yearMilliseconds / Int64(max(count, 1))
    }

    /// Writes `count` records to `path` (replacing it); the bytes written.
    static func write(count: Int, to path: String, seed: UInt64 = 14) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot write \(path)")
        }
        defer { try? file.close() }
        var history = LLMCompassHistory(count: count, seed: seed)
        var bytes = 0
        var chunk = ""
        for index in 0..<count {
            chunk += history.nextLine()
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 || index == count - 1 {
                let data = Data(chunk.utf8)
                try file.write(contentsOf: data)
                bytes += data.count
                chunk = ""
            }
        }
        return bytes
    }

    /// The next record, one line of JSON without its newline.
    mutating func nextLine() -> String {
        clock += Int64.random(in: 0...(2 * meanGap), using: &random)
        let prompt = text(words: Self.promptWordCount(Double.random(in: 0..<1, using: &random)))
        let answer = text(words: 5 + Int(295 * pow(Double.random(in: 0..<1, using: &random), 2)))
        let roll = Int.random(in: 0..<100, using: &random)
        let model: ModelDefinition
        let routing: PythonJSON
        var requestedModel = PythonJSON.null
        switch roll {
        case 0..<70:
            let score = pow(Double.random(in: 0...1, using: &random), 1.5).rounded(to: 4)
            let tier: Tier = score < 0.3 ? .simple : score < 0.55 ? .medium : .complex
            model = pick(tier)
            routing = classifierRouting(method: "complexity", prompt: prompt, tier: tier, score: score)
        case 70..<80:
            let count = prompt.split(separator: " ").count
            let tier: Tier = count < 60 ? .simple : count < 400 ? .medium : .complex
            model = pick(tier)
            routing = classifierRouting(method: "token-length", prompt: prompt, tier: tier, score: 0)
        case 80..<85:
            model = Self.models.first { $0.name == "qwen-plus" } ?? Self.models[0]
            routing = .object([
                "method": .string("fallback"), "query": .string(prompt), "routing_latency_ms": .double(0.0),
                "tier": .null, "complexity_score": .null, "task_type": .null, "domain_knowledge": .null,
                "reasoning": .null, "creativity": .null,
            ])
        default:
            model = Self.models.randomElement(using: &random)!
            requestedModel = .string(model.name)
            routing = .null
        }
        var messages: [PythonJSON] = []
        if Int.random(in: 0..<10, using: &random) < 6 {
            messages.append(.object(["role": .string("system"), "content": .string("You are a helpful assistant.")]))
        }
        messages.append(.object(["role": .string("user"), "content": .string(prompt)]))
        let input = Int((Double(prompt.utf8.count) / 4).rounded(.up)) + (messages.count - 1) * 7 + 4
        let output = Int((Double(answer.utf8.count) / 4).rounded(.up))
        let cost = Double(input) / 1_000 * model.inputPricePer1K + Double(output) / 1_000 * model.outputPricePer1K
        let microseconds = clock * 1_000 + Int64.random(in: 0..<1_000, using: &random)
        let record = PythonJSON.object([
            "timestamp": .double(Double(microseconds) / 1_000_000),
            "request": .object([
                "messages": .array(messages),
                "temperature": [PythonJSON.null, .double(0.0), .double(0.2), .double(0.7), .double(1.0)]
                    .randomElement(using: &random)!,
                "max_tokens": [PythonJSON.null, .int(256), .int(512), .int(1_024), .int(2_048)].randomElement(using: &random)!,
                "stream": .bool(Int.random(in: 0..<4, using: &random) == 0),
                "user_specified_model": requestedModel,
            ]),
            "routing": routing,
            "llm": .object([
                "model": .string(model.name),
                "response_id": .string("chatcmpl-" + String(random.next(), radix: 36)),
                "response_content": .string(answer),
                "input_tokens": .int(input),
                "output_tokens": .int(output),
                "total_tokens": .int(input + output),
                "cost_usd": .double(cost),
                "llm_latency_ms": .double((Double.random(in: 150...9_000, using: &random) + Double(output) * 8).rounded(to: 2)),
            ]),
        ])
        return record.text
    }

    /// The prompt length for `u` in [0, 1): 5 × 400^(u³) words, from 5 to 2,000.
    static func promptWordCount(_ u: Double) -> Int {
        min(2_000, max(5, Int((5 * pow(400, u * u * u)).rounded())))
    }

    /// The routing section of a classifier decision (complexity or token length).
    private mutating func classifierRouting(method: String, prompt: String, tier: Tier, score: Double) -> PythonJSON {
        .object([
            "method": .string(method), "query": .string(prompt),
            "routing_latency_ms": .double(Double.random(in: 0.05...3, using: &random).rounded(to: 4)),
            "tier": .string(tier.rawValue), "complexity_score": .double(score),
            "task_type": .string(Self.taskTypes.randomElement(using: &random)!),
            "domain_knowledge": .double(Double.random(in: 0...1, using: &random).rounded(to: 4)),
            "reasoning": .double(Double.random(in: 0...1, using: &random).rounded(to: 4)),
            "creativity": .double(Double.random(in: 0...1, using: &random).rounded(to: 4)),
        ])
    }

    /// One of `tier`'s models: the qwen model seven times in ten.
    private mutating func pick(_ tier: Tier) -> ModelDefinition {
        let candidates = Self.models.filter { $0.tier == tier }
        let qwen = candidates.first { $0.name.hasPrefix("qwen") }
        if let qwen, Int.random(in: 0..<10, using: &random) < 7 { return qwen }
        return candidates.randomElement(using: &random) ?? Self.models[0]
    }

    /// `count` words: the benchmark's sentences, picked at random, with three words in ten replaced
    /// by a common word and three by a name or number. Calibrated on compression, the figure a
    /// storage benchmark depends on: `zstd -3` shrinks these texts about 2.7×, English prose (SPEC.md
    /// and README.md) 2.5×; whole sentences alone would shrink far more than real prompts do.
    private mutating func text(words count: Int) -> String {
        var chosen: [String] = []
        chosen.reserveCapacity(count + 20)
        while chosen.count < count {
            for word in Self.sentenceWords.randomElement(using: &random)! {
                let roll = Int.random(in: 0..<10, using: &random)
                if roll < 3 {
                    chosen.append(String(Self.commonWords.randomElement(using: &random)!))
                } else if roll < 6 {
                    chosen.append(entity())
                } else {
                    chosen.append(String(word))
                }
            }
        }
        return chosen.prefix(count).joined(separator: " ")
    }

    /// A name or a number, as prompts carry them: 0 to 99,999, or 3 to 9 random letters.
    private mutating func entity() -> String {
        if Int.random(in: 0..<10, using: &random) < 4 { return String(Int.random(in: 0...99_999, using: &random)) }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<Int.random(in: 3...9, using: &random)).map { _ in letters.randomElement(using: &random)! })
    }
}
