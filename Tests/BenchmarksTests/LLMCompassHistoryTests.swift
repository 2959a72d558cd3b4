import Analytics
import Foundation
import Testing
@testable import Benchmarks

/// The seeded llm-compass history of `routeledger-bench history`: records the importer reads, in the promised
/// mix, written as Python's `json.dumps` writes them.
@Suite struct LLMCompassHistoryTests {
    @Test func everyRecordImportsAndTheMixIsAsDocumented() throws {
        let count = 2_000
        var history = LLMCompassHistory(count: count)
        var methods: [String: Int] = [:]
        var models = Set<String>()
        var taskTypes = Set<String>()
        var words: [Int] = []
        var timestamps: [Double] = []
        for number in 1...count {
            let line = history.nextLine()
            let imported = try LLMCompassRecord.importedRecord(line: ArraySlice(line.utf8), number: number, occurrence: 1)
            #expect(imported.events.count == (line.contains(#""routing": null"#) ? 2 : 3))
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let request = try #require(record["request"] as? [String: Any])
            let llm = try #require(record["llm"] as? [String: Any])
            let messages = try #require(request["messages"] as? [[String: Any]])
            let prompt = try #require(messages.last?["content"] as? String)
            words.append(prompt.split(separator: " ").count)
            timestamps.append(try #require(record["timestamp"] as? Double))
            models.insert(try #require(llm["model"] as? String))
            if let routing = record["routing"] as? [String: Any] {
                let method = try #require(routing["method"] as? String)
                methods[method, default: 0] += 1
                if let taskType = routing["task_type"] as? String { taskTypes.insert(taskType) }
                #expect(request["user_specified_model"] is NSNull)
            } else {
                methods["user-specified", default: 0] += 1
                #expect(request["user_specified_model"] as? String == llm["model"] as? String)
            }
        }
        // 70 / 10 / 5 / 15 %, within sampling noise.
        #expect((1_260...1_540).contains(methods["complexity"] ?? 0))
        #expect((140...260).contains(methods["token-length"] ?? 0))
        #expect((60...140).contains(methods["fallback"] ?? 0))
        #expect((240...360).contains(methods["user-specified"] ?? 0))
        #expect(models.count == 6)
        #expect(taskTypes.count >= 8)

        // Prompts of 5 to 2,000 words, most of them short, with a long tail.
        #expect(words.min()! >= 5 && words.max()! <= 2_000)
        let sorted = words.sorted()
        #expect(sorted[count / 2] <= 15)
        #expect(sorted[count * 95 / 100] >= 500)

        // Oldest first, over one year from 2025-01-01.
        #expect(timestamps == timestamps.sorted())
        let start = Double(LLMCompassHistory.start) / 1_000
        #expect(timestamps.first! >= start && timestamps.first! < start + 86_400)
        #expect(timestamps.last! > start + 300 * 86_400 && timestamps.last! < start + 400 * 86_400)
    }

    @Test func theSameSeedWritesTheSameHistory() {
        var first = LLMCompassHistory(count: 10), second = LLMCompassHistory(count: 10)
        var other = LLMCompassHistory(count: 10, seed: 15)
        let lines = (0..<10).map { _ in first.nextLine() }
        #expect(lines == (0..<10).map { _ in second.nextLine() })
        #expect(lines != (0..<10).map { _ in other.nextLine() })
    }

    @Test func promptLengthsRunFromFiveToTwoThousandWords() {
        #expect(LLMCompassHistory.promptWordCount(0) == 5)
        #expect(LLMCompassHistory.promptWordCount(0.5) == 11)
        #expect(LLMCompassHistory.promptWordCount(0.9) == 394)
        #expect(LLMCompassHistory.promptWordCount(0.999_999) == 2_000)
    }

    @Test func pythonJSONSpacesItemsAndEscapesNonASCII() {
        let value = PythonJSON.object([
            "b": .string("é 😀 \"q\" \\ \n\t\u{1}"), "a": .array([.int(1), .double(0.5), .double(2), .null, .bool(true)]),
        ])
        #expect(value.text == #"{"b": "\u00e9 \ud83d\ude00 \"q\" \\ \n\t\u0001", "a": [1, 0.5, 2.0, null, true]}"#)
    }
}
