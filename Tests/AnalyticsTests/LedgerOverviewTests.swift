import Analytics
import DomainEvents
import Foundation
import Ledger
import Testing

@Suite struct LedgerOverviewTests {
    private func record(_ seq: Int64, _ type: EventType, at timestamp: Int64) -> EventRecord {
        EventRecord(
            seq: seq, eventID: UUIDv7.make(milliseconds: timestamp), requestID: "r\(seq)", type: type.rawValue,
            schema: 1, timestamp: timestamp, dictionaryID: 0, frame: [], hash: [])
    }

    @Test func emptyOverviewCountsNothingButListsEveryType() {
        let overview = LedgerOverview()
        #expect(overview.eventCount == 0)
        #expect(overview.headSeq == 0)
        #expect(overview.firstTimestamp == nil)
        #expect(Set(overview.countsByType.keys) == Set(EventType.allCases.map(\.rawValue)))
        #expect(overview.countsByType.values.allSatisfy { $0 == 0 })
    }

    @Test func foldCountsTypesRoutedRequestsAndTimeSpan() {
        var overview = LedgerOverview()
        let events = [
            record(1, .configApplied, at: 5_000),
            record(2, .requestReceived, at: 6_000),
            record(3, .routingDecided, at: 6_001),
            record(4, .upstreamFailed, at: 6_500),
            record(5, .completionSucceeded, at: 7_000),
            record(6, .routingDecided, at: 4_000),
            record(7, .completionFailed, at: 9_000),
        ]
        for event in events { overview.apply(event) }
        #expect(overview.eventCount == 7)
        #expect(overview.headSeq == 7)
        #expect(overview.routedRequestCount == 2)
        #expect(overview.countsByType["routing.decided"] == 2)
        #expect(overview.countsByType["upstream.failed"] == 1)
        #expect(overview.countsByType["feedback.recorded"] == 0)
        #expect(overview.firstTimestamp == 4_000)
        #expect(overview.lastTimestamp == 9_000)
    }

    @Test func foldOverRealLedgerMatchesWhatWasAppended() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routeledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Ledger(path: directory.appendingPathComponent("l.sqlite").path)
        let feedback = LedgerEvent.feedbackRecorded(FeedbackRecorded(requestID: "a", score: 0.5, label: nil, comment: nil))
        let failed = LedgerEvent.completionFailed(CompletionFailed(errorType: "upstream_error", status: 502, message: "down", attempts: 3))
        _ = try await ledger.append([
            NewEvent(requestID: "a", event: feedback, timestamp: 1_000),
            NewEvent(requestID: "b", event: failed, timestamp: 2_000),
            NewEvent(requestID: "c", event: failed, timestamp: 3_000),
        ])
        var overview = LedgerOverview()
        for record in try await ledger.store.records(after: 0, limit: 100) { overview.apply(record) }
        await ledger.close()
        #expect(overview.eventCount == 3)
        #expect(overview.countsByType["completion.failed"] == 2)
        #expect(overview.countsByType["feedback.recorded"] == 1)
        #expect(overview.firstTimestamp == 1_000)
        #expect(overview.lastTimestamp == 3_000)
        #expect(overview.headSeq == 3)
    }
}
