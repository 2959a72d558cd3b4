import Foundation
import Ledger
import Testing
import TrafficFixtures

/// Edits made to the file behind the ledger's back are reported by `verify()` at the first bad seq.
/// Each case builds a fresh closed ledger of 50 events, edits the SQLite file directly, then verifies
/// the way `routeledger verify` does (read-only, never creating).
@Suite struct TamperDetectionTests {
    static let eventCount: Int64 = 50

    /// Where in the frame the flipped byte sits.
    enum FramePosition: String, CaseIterable, Sendable {
        case magicNumber, frameHeader, middle, lastByte

        func index(in frame: [UInt8]) -> Int {
            switch self {
            case .magicNumber: 0
            case .frameHeader: 4
            case .middle: frame.count / 2
            case .lastByte: frame.count - 1
            }
        }
    }

    @Test func untouchedLedgerVerifiesIntactWithItsHead() async throws {
        try await withTamperedLedger(seed: 20, tamper: { _ in }) { ledger, head in
            let head = try #require(head)
            await #expect(try ledger.verify() == .intact(count: Self.eventCount, head: head))
            await #expect(try ledger.verify().summary == "OK 50 events, head 50 \(head.hash.hexString)")
        }
    }

    @Test func verifyingThroughASeqStopsThereAndSeesOnlyWhatComesBefore() async throws {
        try await withTamperedLedger(seed: 23) { file in
            try file.update(seq: 30, set: "ts", to: .integer(1))
        } check: { ledger, _ in
            let prefix = try await ledger.verify(through: 29)
            guard case .intact(let count, let head) = prefix else {
                Issue.record("the chain through seq 29 is intact, got \(prefix)")
                return
            }
            #expect(count == 29)
            let stored = try await ledger.events(after: 28, limit: 1).first
            #expect(head?.seq == 29 && head?.hash == stored?.hash)
            try await expectBroken(try ledger.verify(through: 30), at: 30)
            try await expectBroken(try ledger.verify(), at: 30)
        }
    }

    @Test(arguments: [1, 23, 50] as [Int64], FramePosition.allCases)
    func flippedPayloadByteIsReportedAtItsSeq(seq: Int64, position: FramePosition) async throws {
        try await withTamperedLedger(seed: 21) { file in
            var frame = try file.frame(seq: seq)
            frame[position.index(in: frame)] ^= 0xFF
            try file.update(seq: seq, set: "payload", to: .blob(frame))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: seq)
        }
    }

    @Test(arguments: [1, 23, 49] as [Int64])
    func deletedEventIsReportedMissingAtItsSeq(seq: Int64) async throws {
        try await withTamperedLedger(seed: 22) { file in
            try file.run("DELETE FROM events WHERE seq = ?", .integer(seq))
        } check: { ledger, _ in
            let result = try await ledger.verify()
            try expectBroken(result, at: seq)
            #expect(result.summary.hasPrefix("BROKEN at seq \(seq): event \(seq) is missing"))
        }
    }

    @Test func swappedPayloadsAreReportedAtTheEarlierSeq() async throws {
        let (earlier, later): (Int64, Int64) = (12, 37)
        try await withTamperedLedger(seed: 23) { file in
            let rows = try file.run(
                "SELECT seq, payload, dict_id FROM events WHERE seq IN (?, ?) ORDER BY seq", .integer(earlier), .integer(later))
            try #require(rows.count == 2)
            try file.update(seq: earlier, set: "payload", to: rows[1][1])
            try file.update(seq: earlier, set: "dict_id", to: rows[1][2])
            try file.update(seq: later, set: "payload", to: rows[0][1])
            try file.update(seq: later, set: "dict_id", to: rows[0][2])
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: earlier)
        }
    }

    @Test func swappedPayloadsWithADictionaryAreReportedAtTheEarlierSeq() async throws {
        let bytes = try await trainedDictionaryBytes(seed: 24)
        let (earlier, later): (Int64, Int64) = (5, 45)
        try await withTamperedLedger(seed: 25, dictionary: bytes, dictionaryAfter: 20) { file in
            let rows = try file.run(
                "SELECT seq, payload, dict_id FROM events WHERE seq IN (?, ?) ORDER BY seq", .integer(earlier), .integer(later))
            try #require(rows.count == 2)
            #expect(rows[0][2] != rows[1][2], "one frame is plain and one uses the dictionary")
            try file.update(seq: earlier, set: "payload", to: rows[1][1])
            try file.update(seq: earlier, set: "dict_id", to: rows[1][2])
            try file.update(seq: later, set: "payload", to: rows[0][1])
            try file.update(seq: later, set: "dict_id", to: rows[0][2])
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: earlier)
        }
    }

    @Test(arguments: [1, 23, 50] as [Int64])
    func changedTimestampIsReportedAtItsSeq(seq: Int64) async throws {
        try await withTamperedLedger(seed: 26) { file in
            try file.run("UPDATE events SET ts = ts + 1 WHERE seq = ?", .integer(seq))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: seq)
        }
    }

    @Test func changedTypeIsReportedAtItsSeq() async throws {
        try await withTamperedLedger(seed: 27) { file in
            let type = try file.run("SELECT type FROM events WHERE seq = 30").first?.first
            let replacement = type == .text("feedback.recorded") ? "completion.failed" : "feedback.recorded"
            try file.update(seq: 30, set: "type", to: .text(replacement))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: 30)
        }
    }

    /// Moving an event to another request (so it shows in that request's audit) breaks the chain.
    @Test func eventMovedToAnotherRequestIsReportedAtItsSeq() async throws {
        try await withTamperedLedger(seed: 29) { file in
            let other = try #require(try file.run("SELECT request_id FROM events WHERE seq = 3").first?.first)
            try file.update(seq: 41, set: "request_id", to: other)
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: 41)
        }
    }

    @Test func changedEventIDOrSchemaIsReportedAtItsSeq() async throws {
        try await withTamperedLedger(seed: 30) { file in
            try file.update(seq: 8, set: "event_id", to: .blob([UInt8](repeating: 7, count: 16)))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: 8)
        }
        try await withTamperedLedger(seed: 31) { file in
            try file.update(seq: 9, set: "schema", to: .integer(0))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: 9)
        }
    }

    @Test func overwrittenHashIsReportedAtItsSeq() async throws {
        try await withTamperedLedger(seed: 28) { file in
            try file.update(seq: 17, set: "hash", to: .blob([UInt8](repeating: 0xAB, count: 32)))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(), at: 17)
        }
    }

    @Test func verifyWithAPageSizeOfZeroStillWalksTheWholeChain() async throws {
        try await withTamperedLedger(seed: 32) { file in
            try file.update(seq: 44, set: "hash", to: .blob([UInt8](repeating: 1, count: 32)))
        } check: { ledger, _ in
            try await expectBroken(try ledger.verify(pageSize: 0), at: 44)
        }
    }

    @Test func verifyReportsProgressAfterEachPage() async throws {
        try await withTamperedLedger(seed: 29, tamper: { _ in }) { ledger, _ in
            var seen: [Int64] = []
            _ = try await ledger.verify(pageSize: 16) { seen.append($0) }
            #expect(seen == [16, 32, 48, 50])
        }
    }

    // MARK: - Helpers

    /// Builds a closed 50-event ledger (optionally switching to `dictionary` after `dictionaryAfter`
    /// events), applies `tamper` to its file, and runs `check` on the ledger reopened read-only.
    private func withTamperedLedger(
        seed: UInt64, dictionary: [UInt8]? = nil, dictionaryAfter: Int = 0,
        tamper: (SQLiteFile) throws -> Void, check: (Ledger, ChainHead?) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path()
            let writer = try Ledger(path: path, options: .testing())
            var generator = SyntheticTraffic(seed: seed, startMilliseconds: Fixtures.baseTimestamp)
            let events = generator.nextMixedEvents(Int(Self.eventCount))
            if let dictionary {
                _ = try await writer.append(Array(events[..<dictionaryAfter]))
                _ = try await writer.installDictionary(dictionary, sampleCount: 150)
                _ = try await writer.append(Array(events[dictionaryAfter...]))
            } else {
                _ = try await writer.append(events)
            }
            let head = try await writer.head()
            await writer.close()

            try tamper(SQLiteFile(path: path))

            let ledger = try Ledger(path: path, options: .verifyCommand)
            try await check(ledger, head)
            await ledger.close()
        }
    }

    private func expectBroken(
        _ result: ChainVerification, at seq: Int64, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard case .broken(let brokenSeq, let reason) = result else {
            Issue.record("expected a break at seq \(seq), got \(result.summary)", sourceLocation: sourceLocation)
            return
        }
        #expect(brokenSeq == seq, "\(result.summary)", sourceLocation: sourceLocation)
        #expect(reason.split(separator: " ").count >= 3, "reason is a sentence: \(reason)", sourceLocation: sourceLocation)
        #expect(result.summary == "BROKEN at seq \(seq): \(reason)", sourceLocation: sourceLocation)
    }
}
