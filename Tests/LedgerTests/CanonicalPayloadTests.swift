import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Testing

/// The canonical JSON form: one byte sequence per event, keys in code-point order, no whitespace.
/// Hashes cover these bytes, so any change to them is a change to the ledger format.
@Suite struct CanonicalPayloadTests {
    @Test(arguments: Fixtures.all)
    func theSameEventAlwaysEncodesToIdenticalBytes(event: LedgerEvent) throws {
        let first = try event.canonicalPayload()
        for _ in 0..<20 {
            #expect(try event.canonicalPayload() == first)
        }
    }

    @Test func dictionariesBuiltInDifferentOrdersEncodeIdentically() throws {
        let pairs = Fixtures.everyJSONValueCase.sorted { $0.key < $1.key }
        var forward: [String: JSONValue] = [:]
        for (key, value) in pairs { forward[key] = value }
        var backward: [String: JSONValue] = [:]
        backward.reserveCapacity(64)
        for (key, value) in pairs.reversed() { backward[key] = value }
        func event(_ params: [String: JSONValue]) -> LedgerEvent {
            .requestReceived(RequestReceived(requestID: "r", params: params, messages: nil, estimatedPromptTokens: 1))
        }
        #expect(try event(forward).canonicalPayload() == event(backward).canonicalPayload())
    }

    @Test(arguments: Fixtures.all)
    func objectKeysAreInCodePointOrderWithoutWhitespace(event: LedgerEvent) throws {
        let payload = try event.canonicalPayload()
        let document = try JSONKeyOrder(payload)
        #expect(!document.hasWhitespace)
        for keys in document.objects {
            for (key, next) in zip(keys, keys.dropFirst()) {
                #expect(key.precedesByCodePoint(next), "\(key) is written before \(next)")
            }
        }
    }

    @Test func mixedCaseDigitAndNonASCIIKeysSortByCodePoint() throws {
        let params: [String: JSONValue] = [
            "b": .int(1), "B": .int(2), "a10": .int(3), "a9": .int(4), "é": .int(5), "中": .int(6), "_": .int(7),
            "😀": .int(8), "ｚ": .int(9),
        ]
        let payload = try LedgerEvent.requestReceived(
            RequestReceived(requestID: "r", params: params, messages: nil, estimatedPromptTokens: 1)
        ).canonicalPayload()
        let keys = try JSONKeyOrder(payload).objects.first { $0.contains("a10") }
        #expect(keys == ["B", "_", "a10", "a9", "b", "é", "中", "ｚ", "😀"])
    }

    @Test func storedPayloadIsTheCanonicalEncodingAndTheHashCoversIt() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            let written = Fixtures.newEvents()
            _ = try await ledger.append(written)
            var previous = HashChain.genesis
            for (stored, original) in await zip(try ledger.allEvents(), written) {
                #expect(stored.payload == (try original.body.canonicalPayload()))
                let expected = HashChain.link(
                    previous: previous, seq: stored.seq, type: original.body.type.rawValue,
                    timestamp: original.timestamp, schema: original.body.schema, eventID: original.eventID,
                    requestID: original.requestID, payload: try original.body.canonicalPayload())
                #expect(stored.hash == expected)
                previous = expected
            }
            await ledger.close()
        }
    }

    /// Byte-exact golden payloads: nil optionals are omitted, slashes are not escaped, non-ASCII is
    /// raw UTF-8, and only quotes, backslashes and control characters are escaped.
    @Test func payloadBytesMatchTheGoldenEncoding() throws {
        let feedback = LedgerEvent.feedbackRecorded(FeedbackRecorded(
            requestID: "r/1", score: 0.25, label: nil, comment: "好 \"x\" \\ a/b\n\t\u{1} 😀"))
        #expect(String(decoding: try feedback.canonicalPayload(), as: UTF8.self)
            == #"{"comment":"好 \"x\" \\ a/b\n\t\u0001 😀","request_id":"r/1","score":0.25}"#)

        let failure = LedgerEvent.upstreamFailed(UpstreamFailed(
            provider: "p", model: "m", attempt: 2, errorClass: "timeout", status: nil, latencyMilliseconds: 1.5))
        #expect(String(decoding: try failure.canonicalPayload(), as: UTF8.self)
            == #"{"attempt":2,"error_class":"timeout","latency_ms":1.5,"model":"m","provider":"p"}"#)

        let request = LedgerEvent.requestReceived(RequestReceived(
            requestID: "r", params: ["n": .null, "x": .array([.bool(true), .int(-3), .double(0.5), .object([:])])],
            messages: nil, estimatedPromptTokens: 4))
        #expect(String(decoding: try request.canonicalPayload(), as: UTF8.self)
            == #"{"endpoint":"chat.completions","estimated_prompt_tokens":4,"params":{"n":null,"x":[true,-3,0.5,{}]},"request_id":"r"}"#)
    }

    @Test func hashChainMatchesTheSpecifiedLayout() {
        // SHA-256(32 zero bytes ‖ seq 1 as 8 bytes BE ‖ len(type) as 1 byte ‖ type ‖ ts 2 as 8 bytes BE ‖
        // schema 1 as 4 bytes BE ‖ event id bytes 00…0f ‖ len(request id) as 4 bytes BE ‖ "req-1" ‖ payload),
        // computed independently with Python's hashlib.
        let payload = Array(#"{"a":1}"#.utf8)
        let eventID = UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
        let hash = HashChain.link(
            previous: HashChain.genesis, seq: 1, type: "config.applied", timestamp: 2, schema: 1, eventID: eventID,
            requestID: "req-1", payload: payload)
        #expect(hash.hexString == "faf2453057b06f827a9d79f26ca0ccc23f25bc43dd21bb2dd716f1f6090c4b92")
        #expect(HashChain.genesis == [UInt8](repeating: 0, count: 32))
    }

    /// Issue 16: a decision records which classifier derived its features. Decisions recorded
    /// before have no such key, and keep their bytes (and so their hashes) when re-encoded.
    @Test func theClassifierVersionIsWrittenOnlyWhenKnownSoOlderDecisionsKeepTheirBytes() throws {
        guard case .routingDecided(var decided) = Fixtures.routingDecided else {
            Issue.record("the fixture is a routing.decided event")
            return
        }
        let before = try Fixtures.routingDecided.canonicalPayload()
        #expect(!String(decoding: before, as: UTF8.self).contains("classifier"))
        let old = try LedgerEvent.decode(type: Fixtures.routingDecided.type, schema: Fixtures.routingDecided.schema, payload: before)
        #expect(try old.canonicalPayload() == before)

        decided.features.classifier = "learned-2.0123abcd"
        let event = LedgerEvent.routingDecided(decided)
        let after = try event.canonicalPayload()
        #expect(String(decoding: after, as: UTF8.self).contains(#""features":{"classifier":"learned-2.0123abcd","complexity_score":0.6234,"#))
        let decoded = try LedgerEvent.decode(type: event.type, schema: event.schema, payload: after)
        #expect(decoded == event)
    }
}
