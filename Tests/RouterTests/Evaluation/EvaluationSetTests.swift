import Foundation
import Router
import Testing

/// The loader reads JSON lines into records and names the line of the first one that is not a
/// record the guideline allows.
@Suite struct EvaluationSetTests {
    private static func line(
        id: String, split: String = "dev", taskType: String = "Open QA", tier: String = "simple",
        messages: String = #"[{"role":"user","content":"What is DNS?"}]"#
    ) -> String {
        #"{"id":"\#(id)","split":"\#(split)","language":"en","task_type":"\#(taskType)","tier":"\#(tier)","messages":\#(messages),"why":"a fact"}"#
    }

    @Test func parsesRecordsSkippingBlankLinesAndFiltersBySplit() throws {
        let text = [
            Self.line(id: "a"), "", Self.line(id: "b", split: "holdout", taskType: "Closed QA", tier: "complex"),
            "   ", Self.line(id: "c", messages: #"[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]"#),
        ].joined(separator: "\n") + "\n"
        let set = try EvaluationSet.parse(text)
        #expect(set.records.map(\.id) == ["a", "b", "c"])
        #expect(set.records[1] == EvaluationRecord(
            id: "b", split: .holdout, language: "en", taskType: .closedQA, tier: .complex,
            messages: [ChatMessage(role: "user", content: "What is DNS?")], why: "a fact"))
        #expect(set.records(in: .dev).map(\.id) == ["a", "c"])
        #expect(set.records(in: .holdout).map(\.id) == ["b"])
        #expect(set.records(in: nil).map(\.id) == ["a", "b", "c"])
        #expect(set.records.map(\.hasSystemMessage) == [false, false, true])
    }

    @Test func multiTurnMeansATurnBeforeTheLastBesidesSystemMessages() throws {
        let text = [
            Self.line(id: "system", messages: #"[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]"#),
            Self.line(id: "turns", messages: #"[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Bye"}]"#),
        ].joined(separator: "\n")
        let records = try EvaluationSet.parse(text).records
        #expect(records.map(\.isMultiTurn) == [false, true])
        #expect(records.map(\.hasSystemMessage) == [true, false])
    }

    @Test(arguments: [
        ("not json", "line 3: invalid JSON"),
        (line(id: "x", taskType: "Open Question"), #"line 3: unknown task_type "Open Question" (expected one of "Open QA", "Closed QA", "#),
        (line(id: "x", tier: "hard"), #"line 3: unknown tier "hard" (expected one of "simple", "medium", "complex")"#),
        (line(id: "x", split: "test"), #"line 3: unknown split "test" (expected one of "train", "dev", "holdout")"#),
        (line(id: "x", messages: "[]"), "line 3: messages is empty"),
        (line(id: "x", messages: #"[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]"#),
         "line 3: messages must end with a user turn, not assistant"),
        (line(id: "x", messages: #"[{"role":"user","content":7}]"#), "line 3: messages[0].content must be a string"),
        (#"{"id":"x","split":"dev","language":"en","task_type":"Open QA","tier":"simple","why":"w"}"#, "line 3: missing field messages"),
        ("[1, 2]", "line 3: not a JSON object"),
        (line(id: "a"), #"line 3: duplicate id "a" (first on line 1)"#),
    ])
    func aBadLineIsNamedWithWhatIsWrong(badLine: String, message: String) {
        let text = Self.line(id: "a") + "\n\n" + badLine + "\n" + Self.line(id: "z")
        #expect {
            try EvaluationSet.parse(text, file: "set.jsonl")
        } throws: { error in
            let description = (error as? EvaluationSetError)?.description ?? ""
            return (error as? EvaluationSetError)?.line == 3 && description.hasPrefix("set.jsonl: " + message)
                && !description.contains("\n")
        }
    }

    @Test func errorCodesTellADuplicateFromABadRecord() throws {
        let duplicate = #expect(throws: EvaluationSetError.self) {
            try EvaluationSet.parse(Self.line(id: "a") + "\n" + Self.line(id: "a"))
        }
        #expect(duplicate?.code == .duplicateID)
        #expect(duplicate?.description == #"line 2: duplicate id "a" (first on line 1)"#)
        let bad = #expect(throws: EvaluationSetError.self) { try EvaluationSet.parse("{") }
        #expect(bad?.code == .invalidRecord)
        #expect(bad?.line == 1)
    }

    @Test func aMissingFileIsNamedWithoutALine() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).jsonl").path
        let error = #expect(throws: EvaluationSetError.self) { try EvaluationSet.load(path: path) }
        #expect(error?.code == .unreadableFile)
        #expect(error?.line == nil)
        #expect(error?.description.hasPrefix("\(path): cannot read the file") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func loadReadsAFileAndNamesItInErrors() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("set-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try (Self.line(id: "a") + "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try EvaluationSet.load(path: file.path).records.map(\.id) == ["a"])
        try (Self.line(id: "a") + "\n" + Self.line(id: "b", tier: "easy") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: EvaluationSetError.self) { try EvaluationSet.load(path: file.path) }
        #expect(error?.description.hasPrefix(#"\#(file.path): line 2: unknown tier "easy""#) == true)
    }
}
