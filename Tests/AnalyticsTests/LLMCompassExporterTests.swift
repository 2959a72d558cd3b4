import Analytics
import CanonicalJSON
import Foundation
import Ledger
import Testing

/// Exporting a ledger of imported records and served traffic as llm-compass's `call_history.jsonl`.
@Suite struct LLMCompassExporterTests {
    private struct Exported {
        var summary: ExportSummary
        var records: [JSONValue]
    }

    private func export(_ fixture: TemporaryLedger, since: Int64? = nil, until: Int64? = nil) async throws -> Exported {
        let projector = try fixture.projector()
        var bytes: [UInt8] = []
        let summary = try await LLMCompassExporter(projector: projector).export(since: since, until: until) { bytes += $0 }
        #expect(bytes.last == UInt8(ascii: "\n"))
        let records = try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { try LLMCompassSamples.parsed(String($0)) }
        return Exported(summary: summary, records: records)
    }

    private func receivedAt(_ record: JSONValue) -> Int64? {
        guard case .object(let fields) = record, let text = fields["timestamp"]?.stringValue else { return nil }
        return RecordTimestamp.parse(text)
    }

    @Test func importedRecordsComeBackExactlyAndServedRequestsInTheirShapeOldestFirst() async throws {
        let fixture = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: 4)
        traffic.generate(requests: 60)
        try await fixture.append(traffic.events)
        let lines = LLMCompassSamples.generated(count: 30, seed: 9)
        _ = try await LLMCompassImporter(ledger: fixture.ledger).importFile(atPath: try fixture.write(lines, to: "history.jsonl"))
        let originals = try lines.map(LLMCompassSamples.parsed)

        let all = try await export(fixture)
        let succeeded = traffic.completed.filter(\.succeeded).count
        #expect(all.summary == ExportSummary(exported: 30 + succeeded, failedLeftOut: traffic.completed.count - succeeded))
        #expect(all.records.count == 30 + succeeded)
        #expect(all.records.filter(originals.contains) == originals)
        let times = all.records.compactMap(receivedAt)
        #expect(times.count == all.records.count)
        #expect(times == times.sorted())
        for case .object(let fields) in all.records {
            #expect(Set(fields.keys).isSuperset(of: ["timestamp", "request", "llm"]))
            #expect(fields.keys.allSatisfy { !RawRecord.identityKeys.contains($0) })
            guard case .object(let llm)? = fields["llm"] else { Issue.record("a record without llm"); continue }
            #expect(llm["model"]?.stringValue != nil)
        }

        // A time range selects by the time each request was received: [since, until).
        let since = try #require(receivedAt(originals[10])), until = try #require(receivedAt(originals[20]))
        let range = try await export(fixture, since: since, until: until)
        #expect(range.records.filter(originals.contains) == originals.filter { (since..<until).contains(receivedAt($0) ?? 0) })
        #expect(range.records.allSatisfy { (since..<until).contains(receivedAt($0) ?? 0) })
        #expect(range.records.count < all.records.count)
        await fixture.close()
    }
}
