import Analytics
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Testing

/// Importing llm-compass's `call_history.jsonl` into a real ledger: what is appended, what is
/// reported, and that a second import of the same file (or of the file grown) adds only what is new.
@Suite struct LLMCompassImporterTests {
    /// The samples with a blank line, two malformed lines and a duplicate line among them.
    private static let lines = [
        LLMCompassSamples.typical,
        "",
        LLMCompassSamples.unicode,
        "{not json",
        LLMCompassSamples.typical,
        #"{"timestamp": "yesterday", "request": {}, "llm": {"model": "m"}}"#,
        "   ",
        LLMCompassSamples.routingNull,
    ]

    @Test func importAppendsEveryRecordAndNamesTheMalformedLines() async throws {
        let fixture = try TemporaryLedger()
        let path = try fixture.write(Self.lines, to: "call_history.jsonl")
        let ledger = fixture.ledger

        // Batches of two records: the four records take three transactions.
        let summary = try await LLMCompassImporter(ledger: ledger, batchSize: 2).importFile(atPath: path)
        #expect(summary.imported == 4)
        #expect(summary.events == 3 + 3 + 3 + 2)
        #expect(summary.alreadyPresent == 0)
        #expect(summary.malformed == [
            MalformedLine(line: 4, reason: "not JSON (at byte 2: expected a string)"),
            MalformedLine(line: 6, reason: #"timestamp "yesterday" is not ISO-8601"#),
        ])
        #expect(summary.text == "imported 4 records (11 events), 0 already present, 2 malformed lines skipped")
        await #expect(try ledger.head()?.seq == 11)

        // Each record's events give the original back, and the duplicate line is a record of its own.
        for (index, line) in Self.lines.enumerated() where [1, 3, 5, 8].contains(index + 1) {
            let occurrence = index + 1 == 5 ? 2 : 1
            let requestID = LLMCompassRecord.requestID(line: Array(line.utf8)[...], occurrence: occurrence)
            let history = try await #require(try RequestHistory.load(requestID, from: ledger))
            #expect(history.received?.origin?.line == index + 1)
            #expect(JSONValue.object(RawRecord.llmCompassRecord(history)) == (try LLMCompassSamples.parsed(line)))
        }
        await #expect(try ledger.verify() == .intact(count: 11, head: try ledger.head()))
        await fixture.close()
    }

    @Test func importingTheSameFileAgainAddsNothingAndTheGrownFileOnlyItsNewLines() async throws {
        let fixture = try TemporaryLedger()
        let records = LLMCompassSamples.generated(count: 40, seed: 5)
        let path = try fixture.write(records, to: "call_history.jsonl")
        let ledger = fixture.ledger
        let importer = LLMCompassImporter(ledger: ledger, batchSize: 16)

        let first = try await importer.importFile(atPath: path)
        #expect(first.imported == 40)
        #expect(first.malformed.isEmpty)
        let head = try await #require(try ledger.head())
        #expect(head.seq == Int64(first.events))

        let second = try await importer.importFile(atPath: path)
        #expect(second.imported == 0)
        #expect(second.events == 0)
        #expect(second.alreadyPresent == 40)
        await #expect(try ledger.head() == head)

        // llm-compass appends to its log; the import picks up only the new lines, a repeated line included.
        let grown = records + LLMCompassSamples.generated(count: 5, seed: 6) + [records[0]]
        _ = try fixture.write(grown, to: "call_history.jsonl")
        let third = try await importer.importFile(atPath: path)
        #expect(third.imported == 6)
        #expect(third.alreadyPresent == 40)
        await #expect(try ledger.head()?.seq == head.seq + Int64(third.events))
        await fixture.close()
    }

    @Test func aFileThatCannotBeReadIsOneError() async throws {
        let fixture = try TemporaryLedger()
        let missing = fixture.directory.appendingPathComponent("nope.jsonl").path
        #expect(throws: ImportFileError.self) { try LLMCompassImporter.checkReadable(fileAtPath: missing) }
        let ledger = fixture.ledger
        do {
            _ = try await LLMCompassImporter(ledger: ledger).importFile(atPath: missing)
            Issue.record("a missing file was imported")
        } catch let error as ImportFileError {
            #expect(error.message == "cannot read \(missing): No such file or directory")
        }
        do {
            _ = try await LLMCompassImporter(ledger: ledger).importFile(atPath: fixture.directory.path)
            Issue.record("a directory was imported")
        } catch let error as ImportFileError {
            #expect(error.message == "cannot read \(fixture.directory.path): Is a directory")
        }
        await #expect(try ledger.head() == nil)
        await fixture.close()
    }

    @Test func aLastLineWithoutALineFeedAndCRLFLinesAreRecords() async throws {
        let fixture = try TemporaryLedger()
        let url = fixture.directory.appendingPathComponent("call_history.jsonl")
        try Data((LLMCompassSamples.typical + "\r\n" + LLMCompassSamples.fallback).utf8).write(to: url)
        let ledger = fixture.ledger
        let summary = try await LLMCompassImporter(ledger: ledger).importFile(atPath: url.path)
        #expect(summary.imported == 2)
        #expect(summary.malformed.isEmpty)
        await fixture.close()
    }
}
