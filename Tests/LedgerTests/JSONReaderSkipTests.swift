import CanonicalJSON
import DomainEvents
import Ledger
import Testing

/// Skipping a value checks it as reading it does, and a payload decoded without its open-ended
/// values equals the full decoding with those values emptied.
@Suite struct JSONReaderSkipTests {
    static let valid = [
        #"{"a":[1,-2.5e3,true,false,null,"x\n\"\u00e9\ud83d\ude00"],"b":{}}"#, "[]", "{}", #""plain""#, "0", "-0.5",
        #"[[[{"deep":[{"er":null}]}]]]"#, " [ 1 , 2 ] ",
    ]
    static let invalid = [
        "{", "[1,]", #"{"a" 1}"#, #"{"a":1,}"#, #""unterminated"#, #""bad \x escape""#, #""\ud83d alone""#,
        #""\ude00 low""#, "01", "1.", "-", "tru", "nul", #"{"a":[}"#, "\"tab\there\"", #"{1:2}"#,
    ]

    private func outcome(_ text: String, skip: Bool) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            do {
                if skip { try reader.skipValue() } else { _ = try reader.value() }
                try reader.expectEnd()
                return true
            } catch {
                return false
            }
        }
    }

    @Test(arguments: valid + invalid)
    func skippingAcceptsExactlyWhatReadingAccepts(text: String) {
        #expect(outcome(text, skip: true) == outcome(text, skip: false))
        #expect(outcome(text, skip: true) == Self.valid.contains(text))
    }

    @Test func skippingOpenEndedValuesEmptiesOnlyThem() throws {
        for event in Fixtures.all {
            let payload = try event.canonicalPayload()
            let light = try LedgerEvent.decode(
                type: event.type, schema: event.schema, payload: payload, skippingOpenEndedValues: true)
            switch (event, light) {
            case (.requestReceived(var full), .requestReceived(let skipped)):
                #expect(skipped.params.isEmpty && (skipped.messages ?? []).isEmpty)
                full.params = [:]
                full.messages = full.messages.map { _ in [] }
                full.origin = full.origin.map { ImportOrigin(format: $0.format, line: $0.line) }
                #expect(skipped == full)
            case (.routingDecided(var full), .routingDecided(let skipped)):
                full.strategy.params = [:]
                full.candidates = []
                full.fallbackPlan = []
                full.features.signals = []
                full.derived?.features.signals = []
                #expect(skipped == full)
            case (.configApplied, .configApplied):
                break
            default:
                #expect(light == event)
            }
        }
    }
}
