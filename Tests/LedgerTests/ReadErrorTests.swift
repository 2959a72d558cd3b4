import DomainEvents
import Foundation
import Ledger
import SeededRandom
import Testing

/// Stored events this build cannot read fail with a precise code that names the event.
@Suite struct ReadErrorTests {
    @Test func payloadWithANewerSchemaThrowsSchemaTooNewWhenDecoded() async throws {
        try await withEditedLedger { file in
            try file.update(seq: 4, set: "schema", to: .integer(99))
        } check: { ledger in
            let events = try await ledger.allEvents()
            #expect(events[3].schema == 99)
            let error = #expect(throws: LedgerError.self) { try events[3].decoded() }
            expectLedgerError(error, .schemaTooNew, mentioning: ["99", events[3].type.rawValue])
            #expect(try events[2].decoded() == Fixtures.all[2], "the other events still decode")
        }
    }

    @Test func frameOfAnUnknownDictionaryThrowsUnknownDictionary() async throws {
        try await withEditedLedger { file in
            try file.update(seq: 6, set: "dict_id", to: .integer(77))
        } check: { ledger in
            let error = await #expect(throws: LedgerError.self) { try await ledger.allEvents() }
            expectLedgerError(error, .unknownDictionary, mentioning: ["77", "seq 6"])
            await #expect(try ledger.events(after: 0, limit: 5).count == 5, "events before it still read")
            let result = try await ledger.verify()
            #expect(result.brokenSeq == 6, "\(result.summary)")
        }
    }

    @Test func garbageFrameThrowsCorruptFrameAndVerifyReportsItsSeq() async throws {
        var generator = SeededGenerator(seed: 70)
        let garbage = (0..<40).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        try await withEditedLedger { file in
            try file.update(seq: 8, set: "payload", to: .blob(garbage))
        } check: { ledger in
            let error = await #expect(throws: LedgerError.self) { try await ledger.events(after: 7, limit: 1) }
            expectLedgerError(error, .corruptFrame, mentioning: ["seq 8"])
            let result = try await ledger.verify()
            #expect(result.brokenSeq == 8, "\(result.summary)")
        }
    }

    @Test func emptyFrameThrowsCorruptFrame() async throws {
        try await withEditedLedger { file in
            try file.update(seq: 2, set: "payload", to: .blob([]))
        } check: { ledger in
            let error = await #expect(throws: LedgerError.self) { try await ledger.events(before: 3, limit: 1) }
            expectLedgerError(error, .corruptFrame, mentioning: ["seq 2"])
        }
    }

    @Test func frameThatIsNotTheTypesJSONThrowsCorruptPayloadWhenDecoded() async throws {
        let codec = PayloadCodec()
        let frame = try codec.compress(Array(#"{"unexpected":true}"#.utf8), dictionary: nil)
        try await withEditedLedger { file in
            try file.update(seq: 3, set: "payload", to: .blob(frame))
        } check: { ledger in
            let event = try await #require(try ledger.events(after: 2, limit: 1).first)
            let error = #expect(throws: LedgerError.self) { try event.decoded() }
            expectLedgerError(error, .corruptPayload)
            await #expect(try ledger.verify().brokenSeq == 3)
        }
    }

    /// The ledger stores any type name; decoding one this build does not know is refused.
    @Test func unknownEventTypeThrowsUnknownEventTypeWhenDecoded() async throws {
        try await withEditedLedger { file in
            try file.update(seq: 5, set: "type", to: .text("request.teleported"))
        } check: { ledger in
            let error = await #expect(throws: LedgerError.self) { try await ledger.allEvents().map { try $0.decoded() } }
            expectLedgerError(error, .unknownEventType, mentioning: ["request.teleported", "seq 5"])
        }
    }

    /// Appends the fixtures to a fresh ledger, closes it, applies `edit` to the file, and runs
    /// `check` on the ledger reopened read-only.
    private func withEditedLedger(
        edit: (SQLiteFile) throws -> Void, check: (Ledger) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let writer = try Ledger(path: directory.path(), options: .testing())
            _ = try await writer.append(Fixtures.newEvents())
            await writer.close()
            try edit(SQLiteFile(path: directory.path()))
            let ledger = try Ledger(path: directory.path(), options: .verifyCommand)
            try await check(ledger)
            await ledger.close()
        }
    }
}

extension ChainVerification {
    /// The seq verification stopped at, or nil when the chain is intact.
    var brokenSeq: Int64? {
        if case .broken(let seq, _) = self { return seq }
        return nil
    }
}
