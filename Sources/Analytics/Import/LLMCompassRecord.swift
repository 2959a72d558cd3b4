import CanonicalJSON
import Crypto
import DomainEvents
import Foundation
import Ledger

/// One line of llm-compass's `data/call_history.jsonl` — a record `{timestamp, request, routing,
/// llm}` — as ledger events: `request.received`, `routing.decided` (when the record has a routing
/// section) and `completion.succeeded`, all at the record's own timestamp.
///
/// What the events cannot hold (keys routeledger does not know, the timestamp as written, figures
/// the rendering would write differently) goes into `request.received`'s ``ImportOrigin``, so
/// ``RawRecord/llmCompassRecord(_:)`` of the stored events gives the original record back.
public enum LLMCompassRecord {
    /// The format's name, as `--format` and ``ImportOrigin/format`` spell it.
    public static let format = "llm-compass"

    /// The deepest nesting a record may have: half the JSON reader's limit, which leaves room for
    /// the levels the events wrap around the values they keep, so every stored event reads back.
    public static let maxDepth = JSONReader.maxDepth / 2

    /// The events of the record on line `number` (1-based) of a file, the `occurrence`-th line
    /// (1-based) with these bytes; a ``MalformedLine`` saying what is wrong when it is not a record.
    /// With a `deriver`, the `routing.decided` of a record with messages also carries the features
    /// the live router would have recorded (``DerivedFeatures``), so the request can be replayed.
    public static func importedRecord(
        line: ArraySlice<UInt8>, number: Int, occurrence: Int, deriver: ImportFeatureDeriver? = nil
    ) throws(MalformedLine) -> ImportedRecord {
        let record: [String: JSONValue]
        let timestamp: Int64
        let sections: Sections
        do throws(Problem) {
            record = try object(line)
            timestamp = try milliseconds(record["timestamp"])
            sections = try Sections(record)
        } catch {
            throw MalformedLine(line: number, reason: error.reason)
        }
        let requestID = requestID(line: trimmed(line), occurrence: occurrence)
        var received = receivedEvent(requestID: requestID, request: sections.request, llm: sections.llm)
        var decided = sections.routing.map { routingEvent($0, chosenModel: sections.model) }
        decided?.derived = deriver?.derived(messages: received.messages, requestedModel: received.requestedModel)
        let succeeded = completionEvent(sections.llm, model: sections.model)

        var history = RequestHistory(requestID: requestID, receivedAt: timestamp)
        history.add(.requestReceived(received), seq: 0, timestamp: timestamp)
        if let decided { history.add(.routingDecided(decided), seq: 0, timestamp: timestamp) }
        history.add(.completionSucceeded(succeeded), seq: 0, timestamp: timestamp)
        received.origin = RawRecord.origin(format: format, line: number, original: record, rendered: RawRecord.rendered(history))

        let events: [LedgerEvent] = [.requestReceived(received)] + (decided.map { [.routingDecided($0)] } ?? [])
            + [.completionSucceeded(succeeded)]
        return ImportedRecord(
            requestID: requestID, line: number,
            events: events.map { NewEvent(requestID: requestID, event: $0, timestamp: timestamp) })
    }

    /// The request id of a record: `lc-` and the first 32 hex digits of SHA-256 over the line's
    /// bytes (without surrounding whitespace), a newline and the occurrence number. The same line
    /// of the same file always gets the same id, and two equal lines get two ids.
    public static func requestID(line: ArraySlice<UInt8>, occurrence: Int) -> String {
        var hasher = SHA256()
        hasher.update(data: line)
        hasher.update(data: Array("\n\(occurrence)".utf8))
        return "lc-" + hasher.finalize().prefix(16).hexString
    }

    /// `line` without the JSON whitespace (spaces, tabs, CR, LF) around it.
    static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        guard let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) }) else {
            return line[line.endIndex...]
        }
        return line[first...last]
    }

    // MARK: - Reading a line

    /// Why a line is not a record.
    private struct Problem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The record's sections, checked: `request` and `llm` objects with a string `llm.model`, and
    /// `routing` an object when present.
    private struct Sections {
        var request: [String: JSONValue]
        var llm: [String: JSONValue]
        var model: String
        var routing: [String: JSONValue]?

        init(_ record: [String: JSONValue]) throws(Problem) {
            request = try Self.section("request", of: record)
            llm = try Self.section("llm", of: record)
            switch llm["model"] {
            case .string(let model)?: self.model = model
            case nil, .null?: throw Problem("llm.model is missing")
            default: throw Problem("llm.model must be a string")
            }
            switch record["routing"] {
            case nil, .null?: routing = nil
            case .object(let routing)?: self.routing = routing
            default: throw Problem("routing must be an object or null")
            }
        }

        private static func section(_ key: String, of record: [String: JSONValue]) throws(Problem) -> [String: JSONValue] {
            switch record[key] {
            case .object(let section)?: return section
            case nil, .null?: throw Problem("\(key) is missing")
            default: throw Problem("\(key) must be an object")
            }
        }
    }

    /// The JSON object on the line: valid UTF-8, nested at most ``maxDepth`` deep, every number finite.
    private static func object(_ line: ArraySlice<UInt8>) throws(Problem) -> [String: JSONValue] {
        guard line.allSatisfy({ $0 < 0x80 }) || String(validating: line, as: UTF8.self) != nil else {
            throw Problem("not valid UTF-8")
        }
        let parsed: Result<JSONValue, Problem> = line.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            do {
                let value = try reader.value()
                try reader.expectEnd()
                return .success(value)
            } catch {
                // The reader says "invalid JSON at byte 12: …"; the reason keeps where and what.
                let message = (error as? LedgerError)?.message ?? "\(error)"
                let prefix = "invalid JSON "
                let detail = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
                return .failure(Problem("not JSON (\(detail))"))
            }
        }
        let value = try parsed.get()
        guard case .object(let object) = value else { throw Problem("not a JSON object") }
        try checkStorable(value, depth: 1)
        return object
    }

    /// Fails when `value` nests deeper than ``maxDepth`` or holds a number too large for a double
    /// (JSON cannot store infinity).
    private static func checkStorable(_ value: JSONValue, depth: Int) throws(Problem) {
        switch value {
        case .double(let number) where !number.isFinite:
            throw Problem("holds a number too large to store")
        case .array(let elements):
            guard depth <= maxDepth else { throw Problem("nested deeper than \(maxDepth) levels") }
            for element in elements { try checkStorable(element, depth: depth + 1) }
        case .object(let fields):
            guard depth <= maxDepth else { throw Problem("nested deeper than \(maxDepth) levels") }
            for field in fields.values { try checkStorable(field, depth: depth + 1) }
        default:
            break
        }
    }

    /// The record's `timestamp` in Unix ms: an ISO-8601 string (Python's `isoformat()` included)
    /// or epoch seconds.
    private static func milliseconds(_ timestamp: JSONValue?) throws(Problem) -> Int64 {
        switch timestamp {
        case .string(let text)?:
            guard let milliseconds = RecordTimestamp.parse(text) else {
                throw Problem("timestamp \(quoted(text)) is not ISO-8601")
            }
            return milliseconds
        case .int, .double:
            // Up to about the year 5000, either side of 1970.
            guard let seconds = timestamp?.doubleValue, abs(seconds) < 1e11 else {
                throw Problem("timestamp \(timestamp?.doubleValue ?? 0) is out of range for epoch seconds")
            }
            return Int64((seconds * 1_000).rounded())
        case nil, .null?:
            throw Problem("timestamp is missing")
        default:
            throw Problem("timestamp must be an ISO-8601 string or epoch seconds")
        }
    }

    /// `text` as a JSON string, cut after 40 characters: safe to print on one line.
    private static func quoted(_ text: String) -> String {
        var writer = JSONWriter(capacity: 64)
        writer.string(text.count > 40 ? String(text.prefix(40)) + "…" : text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
