import DomainEvents
import Foundation
import Ledger
import Testing
import TrafficFixtures

/// The hand-written canonical writer produces exactly what Foundation's `JSONEncoder` writes with
/// `.sortedKeys` and `.withoutEscapingSlashes` (the README's definition of the canonical form),
/// so a payload's bytes, and hence its hash, do not depend on which of the two wrote it.
@Suite struct JSONEncoderParityTests {
    private static func foundationBytes<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private static func foundationBytes(of event: LedgerEvent) throws -> [UInt8] {
        switch event {
        case .requestReceived(let payload): try foundationBytes(payload)
        case .routingDecided(let payload): try foundationBytes(payload)
        case .upstreamFailed(let payload): try foundationBytes(payload)
        case .completionSucceeded(let payload): try foundationBytes(payload)
        case .completionFailed(let payload): try foundationBytes(payload)
        case .feedbackRecorded(let payload): try foundationBytes(payload)
        case .configApplied(let payload): try foundationBytes(payload)
        case .providerBreakerChanged(let payload): try foundationBytes(payload)
        case .upstreamSkipped(let payload): try foundationBytes(payload)
        case .keyCreated(let payload): try foundationBytes(payload)
        case .keyUpdated(let payload): try foundationBytes(payload)
        case .keyRevoked(let payload): try foundationBytes(payload)
        case .teamUpdated(let payload): try foundationBytes(payload)
        }
    }

    @Test(arguments: Fixtures.all)
    func everyFixtureEncodesLikeJSONEncoder(event: LedgerEvent) throws {
        let canonical = try event.canonicalPayload()
        let foundation = try Self.foundationBytes(of: event)
        #expect(canonical == foundation, "\(String(decoding: canonical, as: UTF8.self))\n\(String(decoding: foundation, as: UTF8.self))")
    }

    @Test func generatedTrafficEncodesLikeJSONEncoder() throws {
        var generator = SyntheticTraffic(seed: 100, startMilliseconds: Fixtures.baseTimestamp)
        for event in generator.nextMixedEvents(500) {
            let payload = try #require(event.event)
            #expect(try payload.canonicalPayload() == Self.foundationBytes(of: payload))
        }
    }

    /// Doubles around every formatting boundary: integral values, powers of ten where the notation
    /// switches to exponents, 2^53, subnormals, the extremes, and classic rounding cases.
    static let doubles: [Double] = [
        0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100, 1e6, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23,
        9_007_199_254_740_992, 9_007_199_254_740_994, 123_456_789.123, 1e-4, 1e-5, 1e-6, 1e-7, 4.35e-7, 1.234e-5,
        .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .pi, -.ulpOfOne,
        1.2345678901234568e18, 0.000_27, 0.001_1, 299_792_458.5,
    ]

    @Test(arguments: doubles)
    func doubleFormatsLikeJSONEncoder(value: Double) throws {
        let event = LedgerEvent.upstreamFailed(UpstreamFailed(
            provider: "p", model: "m", attempt: 1, errorClass: "e", status: nil, latencyMilliseconds: value))
        #expect(try event.canonicalPayload() == Self.foundationBytes(of: event))
    }

    @Test func everyASCIICharacterAndAwkwardUnicodeEscapesLikeJSONEncoder() throws {
        var text = ""
        for scalar in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "\u{2028}\u{2029}\u{FEFF}\u{10FFFF}é中😀👩‍👩‍👧 \u{7F}\u{80}"
        // Escapes straddling the writer's 8-byte blocks at every offset.
        let strings = [text] + (0..<9).map { String(repeating: "a", count: $0) + "\"\\\n/\u{1F}" + String(repeating: "b", count: 9 - $0) }
        for string in strings {
            let event = LedgerEvent.completionFailed(CompletionFailed(errorType: string, status: 1, message: string, attempts: 0))
            #expect(try event.canonicalPayload() == Self.foundationBytes(of: event), "\(string.debugDescription)")
        }
    }

    @Test func integersAtTheirExtremesEncodeLikeJSONEncoder() throws {
        for value in [Int.min, Int.min + 1, -1, 0, 1, Int.max] {
            let event = LedgerEvent.completionFailed(CompletionFailed(errorType: "e", status: value, message: "", attempts: value))
            #expect(try event.canonicalPayload() == Self.foundationBytes(of: event))
        }
    }
}
