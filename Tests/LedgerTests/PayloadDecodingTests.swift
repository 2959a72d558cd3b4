import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Testing

/// Reading payloads: any valid JSON of the type decodes, whatever its key order or spacing, unknown
/// keys are skipped, and damaged JSON is refused with `corrupt_payload`, never a crash.
@Suite struct PayloadDecodingTests {
    private static func decode(_ event: LedgerEvent, from bytes: [UInt8]) throws -> LedgerEvent {
        try LedgerEvent.decode(type: event.type, schema: event.schema, payload: bytes)
    }

    @Test(arguments: Fixtures.all)
    func prettyPrintedJSONWithKeysInAnyOrderDecodesToTheSameEvent(event: LedgerEvent) throws {
        let object = try JSONSerialization.jsonObject(with: Data(event.canonicalPayload()))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        #expect(try Self.decode(event, from: Array(pretty)) == event)
    }

    @Test(arguments: Fixtures.all)
    func unknownKeysAreSkipped(event: LedgerEvent) throws {
        var payload = try event.canonicalPayload()
        payload.removeLast()
        let extra = #","zz_future_field":{"nested":[1,2.5,"x",null,true,{"a":[]}]},"aa_added_later":"\u00e9\""}"#
        payload += Array(extra.utf8)
        #expect(try Self.decode(event, from: payload) == event)
    }

    @Test(arguments: Fixtures.all)
    func everyTruncationIsRefusedAsCorruptPayload(event: LedgerEvent) throws {
        let payload = try event.canonicalPayload()
        for length in 0..<payload.count {
            let error = #expect(throws: LedgerError.self) { try Self.decode(event, from: Array(payload[..<length])) }
            #expect(error?.code == .corruptPayload, "truncated to \(length) bytes")
        }
    }

    @Test(arguments: Fixtures.all)
    func damagedBytesDecodeOrFailCleanly(event: LedgerEvent) throws {
        let payload = try event.canonicalPayload()
        let replacements: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2D, 0x65, 0xFF]
        for position in payload.indices {
            for replacement in replacements where payload[position] != replacement {
                var damaged = payload
                damaged[position] = replacement
                do {
                    _ = try Self.decode(event, from: damaged)
                } catch let error as LedgerError {
                    #expect(error.code == .corruptPayload, "byte \(position) → \(replacement): \(error.message)")
                }
            }
        }
    }

    @Test(arguments: ["x", "{}", ",", "\"\"", "0", "]"])
    func bytesAfterThePayloadAreRefused(trailer: String) throws {
        let payload = try Fixtures.completionFailed.canonicalPayload() + Array(trailer.utf8)
        let error = #expect(throws: LedgerError.self) { try Self.decode(Fixtures.completionFailed, from: payload) }
        #expect(error?.code == .corruptPayload)
    }

    @Test func missingRequiredKeyNamesTheKey() throws {
        let error = #expect(throws: LedgerError.self) {
            try LedgerEvent.decode(type: .completionFailed, schema: 1, payload: Array(#"{"attempts":1,"message":"m","status":2}"#.utf8))
        }
        expectLedgerError(error, .corruptPayload, mentioning: ["error_type"])
    }

    @Test func wrongValueTypeIsCorruptPayload() throws {
        let error = #expect(throws: LedgerError.self) {
            try LedgerEvent.decode(
                type: .completionFailed, schema: 1,
                payload: Array(#"{"attempts":"three","error_type":"e","message":"m","status":2}"#.utf8))
        }
        expectLedgerError(error, .corruptPayload)
    }

    @Test func olderSchemaVersionsAreAccepted() throws {
        let payload = try Fixtures.feedbackRecorded.canonicalPayload()
        #expect(try LedgerEvent.decode(type: .feedbackRecorded, schema: 0, payload: payload) == Fixtures.feedbackRecorded)
    }

    @Test func integralDoublesInJSONValuesReadBackEqual() throws {
        let event = LedgerEvent.requestReceived(RequestReceived(
            requestID: "r", params: ["temperature": .double(1.0), "top_p": .double(-0.0)], messages: nil,
            estimatedPromptTokens: 1))
        // The canonical form writes 1.0 as 1; numbers compare by value, so the event reads back equal.
        #expect(try Self.decode(event, from: event.canonicalPayload()) == event)
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.int(1).hashValue == JSONValue.double(1.0).hashValue)
        #expect(JSONValue.int(1) != .double(1.5))
        #expect(JSONValue.string("1") != .int(1))
    }
}
