import Router
import SeededRandom

/// Deterministic texts for `routeledger-bench router`: a long mixed text for tokenizer throughput
/// and ~1 KB chat prompts for decisions/s.
///
/// The pieces are those of Tests/RouterTests/Fixtures/make_tokenizer_fixture.py: English prose,
/// Swift and Python code, JSON, Chinese/Japanese/Korean, emoji, contractions, numbers, punctuation,
/// accents and whitespace runs.
enum BenchmarkText {
    static let prose = """
        The quick brown fox jumps over the lazy dog. It's a well-known pangram; they'd say it's \
        used to test typewriters, fonts, and keyboards. Don't you think so? I'm sure we'll see.

        """
    static let swift = """
        import Foundation

        /// A point in 2-D space.
        struct Point: Hashable {
            var x: Double
            var y: Double

            func distance(to other: Point) -> Double {
                let dx = x - other.x, dy = y - other.y
                return (dx * dx + dy * dy).squareRoot()
            }
        }

        let points = [Point(x: 0, y: 0), Point(x: 3, y: 4)]
        print(points[0].distance(to: points[1]))  // 5.0

        """
    static let python = "def fib(n: int) -> int:\n\t\"\"\"Return the n-th Fibonacci number.\"\"\"\n\ta, b = 0, 1\n"
        + "\tfor _ in range(n):\n\t\ta, b = b, a + b\n\treturn a\n\n\nif __name__ == \"__main__\":\n"
        + "    print({i: fib(i) for i in range(20)})\n"
    static let json = #"{"model":"gpt-4o","messages":[{"role":"user","content":"Hi!"}],"temperature":0.7,"max_tokens":1024,"stream":false,"tags":["a/b","c\\d"],"x":null}"#
    static let cjk = "中文分词是自然语言处理的基础任务。日本語のテキストも含まれています、カタカナとひらがな。한국어 문장도 있습니다: 안녕하세요!"
    static let emoji = "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇺🇸🇯🇵🇩🇪 ❤️ ✨🔥 1️⃣ #️⃣ 🧑🏿‍💻"
    static let contractions = "it's IT'S It'S he'll HE'LL He'Ll we've WE'VE I'm I'M they're THEY'RE she'd SHE'D don't DON'T "
        + "'s 'S 'll 'LL 've 'VE 're 'RE 'm 'M 'd 'D 't 'T 'x 'sound ’s rock'n'roll o'clock"
    static let numbers = "0 1 12 123 1234 12345 123456 1234567 12345678 3.14159 -42 1e10 1,000,000 ٣٤٥ ½ ⅷ Ⅻ 2025-11-21T18:03:25Z"
    static let punctuation = #"!!! ??? ... --- === +++ *** /// \\\ ((())) [[[ ]]] {{{}}} <|endoftext|> @#$%^&*~` «quotes» „Anführung“ — – … !"#
        + "\n/\n!\r\n//"
    static let accents = "Café naïve résumé coöperate Ångström Straße ÉCOLE déjà-vu façade "
        + "Ελληνικά Русский текст עברית العربية हिन्दी ไทย"
    static let whitespace = [
        "a" + String(repeating: " ", count: 40) + "b", String(repeating: " ", count: 100), "x\t\t\t\ty",
        "line one\r\nline two\r\n\r\n\r\nline five\n\n\n", "  leading and trailing  ",
        "trailing newline then spaces\n   ", "mixed \u{a0}nbsp\u{3000}ideographic\u{2003}em", "   \n\t \r\n  x",
    ]

    /// At least `bytes` UTF-8 bytes of random slices (up to 200 characters) of every piece, the same
    /// for the same `seed`.
    static func mixed(bytes: Int, seed: UInt64) -> String {
        let parts = ([prose, swift, python, json, cjk, emoji, contractions, numbers, punctuation, accents] + whitespace)
            .map(Array.init)
        var random = SeededGenerator(seed: seed)
        var text = ""
        text.reserveCapacity(bytes + 1_000)
        while text.utf8.count < bytes {
            let piece = parts.randomElement(using: &random)!
            let start = Int.random(in: 0...piece.count, using: &random)
            let end = min(piece.count, start + Int.random(in: 1..<200, using: &random))
            text.append(contentsOf: piece[start..<end])
        }
        return text
    }

    /// Sentences a prompt is built from, in several languages, with a few task cues each.
    static let sentences = [
        "Please summarize the following meeting notes in three bullet points for the sales team.",
        "Explain step by step why the proof of the lemma fails when the function is not continuous.",
        "Write a Swift function that parses an ISO 8601 date and returns nil for invalid input.",
        "Translate this paragraph into French, keeping the tone formal and the numbers unchanged.",
        "Analyze the trade-offs between eventual consistency and strong consistency in a ledger.",
        "请把下面这段话翻译成英文，并保持专业的语气。我们下个季度的收入预计增长百分之十二。",
        "以下のコードのバグを見つけて、修正方法を説明してください。配列の境界チェックが怪しいです。",
        "Por favor, resume este artículo sobre energía solar y enumera las tres ideas principales.",
        "Bitte schreibe eine kurze E-Mail an das Team, dass die Besprechung auf Donnerstag verschoben wird.",
        "Design a database schema for an event-sourced ledger with projections and checkpoints.",
        "What is the capital of Australia? Answer in one word.",
        "Refactor this Python code to use a dictionary comprehension and add type hints.",
        "Prove that the square root of two is irrational, and then generalize the argument.",
        "Classify the sentiment of each review as positive, negative or neutral: great, awful, fine.",
        "Compare the time complexity of quicksort and mergesort in the worst and average cases.",
        "한국어로 간단한 자기소개를 작성해 주세요. 취미와 직업을 포함해 주세요.",
    ]

    /// `count` chat conversations (a short system message and a user message of about
    /// `bytes` UTF-8 bytes mixing sentences, code and numbers), the same for the same `seed`.
    static func prompts(count: Int, bytes: Int = 1_000, seed: UInt64) -> [[ChatMessage]] {
        let extras = [swift, python, json, numbers, emoji]
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var content = ""
            while content.utf8.count < bytes {
                if Int.random(in: 0..<6, using: &random) == 0 {
                    content += extras.randomElement(using: &random)! + "\n"
                } else {
                    content += sentences.randomElement(using: &random)! + " "
                }
            }
            return [
                ChatMessage(role: "system", content: "You are a helpful assistant."),
                ChatMessage(role: "user", content: String(decoding: content.utf8.prefix(bytes), as: UTF8.self)),
            ]
        }
    }
}
