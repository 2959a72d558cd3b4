import Analytics
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Testing

/// One llm-compass line turned into events: what the events hold, that the original record comes
/// back from them exactly, which lines are malformed and why, and how request ids are made.
@Suite struct LLMCompassRecordTests {
    private func imported(_ line: String, number: Int = 1, occurrence: Int = 1) throws -> ImportedRecord {
        try LLMCompassRecord.importedRecord(line: Array(line.utf8)[...], number: number, occurrence: occurrence)
    }

    /// The history of the record's events after a trip through their stored (canonical JSON) form.
    private func storedHistory(_ record: ImportedRecord) throws -> RequestHistory {
        var history = RequestHistory(requestID: record.requestID, receivedAt: 0)
        for (index, new) in record.events.enumerated() {
            let event = try LedgerEvent.decode(type: new.body.type, schema: 1, payload: try new.body.canonicalPayload())
            history.add(event, seq: Int64(index + 1), timestamp: new.timestamp)
        }
        return history
    }

    @Test(arguments: LLMCompassSamples.all)
    func theStoredEventsGiveTheOriginalRecordBack(line: String) throws {
        let record = try imported(line, number: 12)
        let exported = RawRecord.llmCompassRecord(try storedHistory(record))
        #expect(JSONValue.object(exported) == (try LLMCompassSamples.parsed(line)))
        guard case .requestReceived(let received) = record.events[0].event else {
            Issue.record("the first event is \(record.events[0].body.type)")
            return
        }
        #expect(received.origin?.format == "llm-compass")
        #expect(received.origin?.line == 12)
    }

    @Test func aTypicalRecordBecomesThreeEventsAtItsTimestamp() throws {
        let record = try imported(LLMCompassSamples.typical)
        // 2025-11-21T10:00:00Z is 1_763_719_200 s; .123456 rounds to 123 ms.
        #expect(record.events.map(\.timestamp) == [1_763_719_200_123, 1_763_719_200_123, 1_763_719_200_123])
        #expect(record.events.map(\.body.type) == [.requestReceived, .routingDecided, .completionSucceeded])
        #expect(record.events.allSatisfy { $0.requestID == record.requestID })
        guard case .requestReceived(let received) = record.events[0].event,
            case .routingDecided(let decided) = record.events[1].event,
            case .completionSucceeded(let completion) = record.events[2].event
        else {
            Issue.record("unexpected events \(record.events.map(\.body.type))")
            return
        }
        #expect(received.requestedModel == nil)
        #expect(received.params == ["temperature": .double(0.7), "max_tokens": .int(256), "stream": .bool(false)])
        #expect(received.messages?.count == 2)
        #expect(received.estimatedPromptTokens == 14)
        #expect(received.endpoint == "chat.completions")
        // What the rendering cannot reproduce: the timestamp as written and the sub-µs latency.
        #expect(received.origin?.kept["record"] == .object(["timestamp": .string("2025-11-21T10:00:00.123456")]))
        #expect(received.origin?.kept["routing"] == .object(["routing_latency_ms": .double(0.4567)]))

        #expect(decided.strategy == StrategyRef(name: "complexity", version: 0))
        #expect(decided.routingLatencyMicroseconds == 457)
        #expect(decided.tier == "medium")
        #expect(decided.chosenModel == "qwen-plus")
        #expect(decided.reason == "imported from llm-compass (method complexity, tier medium)")
        #expect(decided.features == PromptFeatures(
            tokenCount: 0, complexityScore: 0.42, taskType: "Text Generation", tier: "medium", creativity: 0.9,
            reasoning: 0.2, contextualKnowledge: 0, domainKnowledge: 0.1, constraints: 0, numberOfFewShots: 0))

        #expect(completion.model == "qwen-plus")
        #expect(completion.provider == "llm-compass")
        #expect(completion.upstreamResponseID == "chatcmpl-8f3a")
        #expect(completion.inputTokens == 14)
        #expect(completion.outputTokens == 20)
        #expect(completion.tokenSource == "provider")
        #expect(completion.costUSD == 1.23e-05)
        #expect(completion.prices == TokenPrices(inputPer1K: 0, outputPer1K: 0))
        #expect(completion.latencyMilliseconds == 812.5)
        #expect(completion.responseText == "Waves fold into foam")
        #expect(completion.finishReason == nil)
    }

    @Test func aRecordWithoutRoutingHasNoDecisionAndEpochSecondsAreRead() throws {
        let absent = try imported(LLMCompassSamples.routingAbsent)
        #expect(absent.events.map(\.body.type) == [.requestReceived, .completionSucceeded])
        #expect(absent.events[0].timestamp == 1_763_719_206_500)
        #expect(try imported(LLMCompassSamples.routingNull).events.map(\.body.type) == [.requestReceived, .completionSucceeded])
    }

    @Test func figuresRouteledgerCannotCountWithBecomeZeroAndAreKeptAsWritten() throws {
        let record = try imported(LLMCompassSamples.oddFigures)
        guard case .requestReceived(let received) = record.events[0].event,
            case .routingDecided(let decided) = record.events[1].event,
            case .completionSucceeded(let completion) = record.events[2].event
        else {
            Issue.record("unexpected events \(record.events.map(\.body.type))")
            return
        }
        #expect(received.messages == nil)
        #expect(received.requestedModel == nil)
        #expect(decided.strategy.name == "llm-compass")
        #expect(decided.reason == "imported from llm-compass")
        #expect(decided.routingLatencyMicroseconds == 0)
        #expect(decided.features.tokenCount == 0)
        #expect(decided.features.numberOfFewShots == 0)
        #expect(completion.inputTokens == 0)
        #expect(completion.outputTokens == 0)
        #expect(completion.costUSD == 0)
        #expect(completion.latencyMilliseconds == 0)
        #expect(completion.provider == "llm-compass")
        let kept = try #require(received.origin?.kept["llm"])
        #expect(kept == .object([
            "provider": .int(3), "input_tokens": .int(-5), "output_tokens": .double(2.5), "total_tokens": .int(99),
            "cost_usd": .string("free"), "llm_latency_ms": .int(-3),
        ]))
    }

    @Test(arguments: [
        ("hello", "not JSON (at byte 0: expected a value)"),
        (#"{"timestamp": "2025-11-21T10:00:00", "request": {"#, "not JSON (at byte 49: expected a string)"),
        ("[1, 2]", "not a JSON object"),
        (#"{"request": {}, "llm": {"model": "m"}}"#, "timestamp is missing"),
        (#"{"timestamp": "yesterday", "request": {}, "llm": {"model": "m"}}"#, #"timestamp "yesterday" is not ISO-8601"#),
        (#"{"timestamp": "2025-02-30T10:00:00", "request": {}, "llm": {"model": "m"}}"#, #"timestamp "2025-02-30T10:00:00" is not ISO-8601"#),
        (#"{"timestamp": true, "request": {}, "llm": {"model": "m"}}"#, "timestamp must be an ISO-8601 string or epoch seconds"),
        (#"{"timestamp": 1e20, "request": {}, "llm": {"model": "m"}}"#, "timestamp 1e+20 is out of range for epoch seconds"),
        (#"{"timestamp": "2025-11-21", "llm": {"model": "m"}}"#, "request is missing"),
        (#"{"timestamp": "2025-11-21", "request": [], "llm": {"model": "m"}}"#, "request must be an object"),
        (#"{"timestamp": "2025-11-21", "request": {}}"#, "llm is missing"),
        (#"{"timestamp": "2025-11-21", "request": {}, "llm": null}"#, "llm is missing"),
        (#"{"timestamp": "2025-11-21", "request": {}, "llm": {"cost_usd": 1}}"#, "llm.model is missing"),
        (#"{"timestamp": "2025-11-21", "request": {}, "llm": {"model": 4}}"#, "llm.model must be a string"),
        (#"{"timestamp": "2025-11-21", "request": {}, "routing": "complexity", "llm": {"model": "m"}}"#, "routing must be an object or null"),
        (#"{"timestamp": "2025-11-21", "request": {"x": 1e999}, "llm": {"model": "m"}}"#, "holds a number too large to store"),
    ])
    func malformedLinesAreNamedWithTheirReason(line: String, reason: String) {
        #expect(throws: MalformedLine(line: 7, reason: reason)) { try imported(line, number: 7) }
    }

    @Test func invalidUTF8AndDeepNestingAreMalformed() {
        var bytes = Array(#"{"timestamp": "2025-11-21", "request": {"messages": ["#.utf8)
        bytes += [0x22, 0xC3, 0x28, 0x22]  // a string holding a truncated two-byte sequence
        bytes += Array(#"]}, "llm": {"model": "m"}}"#.utf8)
        #expect(throws: MalformedLine(line: 3, reason: "not valid UTF-8")) {
            try LLMCompassRecord.importedRecord(line: bytes[...], number: 3, occurrence: 1)
        }
        let depth = LLMCompassRecord.maxDepth
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let line = #"{"timestamp": "2025-11-21", "request": {"messages": \#(nested)}, "llm": {"model": "m"}}"#
        #expect(throws: MalformedLine(line: 4, reason: "nested deeper than \(depth) levels")) { try imported(line, number: 4) }
    }

    @Test func aRecordNestedToTheLimitStoresAndReadsBack() throws {
        // The record and `request` are two levels; nested arrays fill `request.deep` up to the limit.
        let inner = LLMCompassRecord.maxDepth - 2
        let nested = String(repeating: "[", count: inner) + String(repeating: "]", count: inner)
        let line = #"{"timestamp": "2025-11-21", "deep": \#(nested), "request": {"deep": \#(nested)}, "llm": {"model": "m"}}"#
        let record = try imported(line)
        #expect(JSONValue.object(RawRecord.llmCompassRecord(try storedHistory(record))) == (try LLMCompassSamples.parsed(line)))
    }

    @Test func requestIDsDependOnTheLineAndItsOccurrenceOnly() throws {
        let line = LLMCompassSamples.typical
        let first = try imported(line, number: 1, occurrence: 1).requestID
        #expect(first.hasPrefix("lc-"))
        #expect(first.count == 35)
        #expect(first.dropFirst(3).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try imported(line, number: 40, occurrence: 1).requestID == first)
        #expect(try imported("  " + line + " \r", number: 2, occurrence: 1).requestID == first)
        #expect(try imported(line, number: 2, occurrence: 2).requestID != first)
        #expect(try imported(LLMCompassSamples.unicode, occurrence: 1).requestID != first)
        #expect(LLMCompassRecord.requestID(line: Array(line.utf8)[...], occurrence: 1) == first)
    }
}
