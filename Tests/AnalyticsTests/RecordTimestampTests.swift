import Analytics
import CanonicalJSON
import Foundation
import Ledger
import SeededRandom
import Testing

/// Raw-record timestamps: written as Foundation writes ISO-8601 with milliseconds, and read back
/// from the forms other systems write (Python's zone-less `isoformat()` included).
@Suite struct RecordTimestampTests {
    @Test func formattingMatchesFoundationAndParsingGivesTheMillisecondsBack() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SeededGenerator(seed: 3)
        let samples: [Int64] = [0, -1, 951_782_400_000, 4_102_444_799_999, 1_763_719_200_250] + (0..<2_000).map { _ in
            Int64(random.next() % 8_000_000_000_000) - 2_000_000_000_000
        }
        for milliseconds in samples {
            let text = RecordTimestamp.format(milliseconds)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000)), "\(milliseconds)")
            #expect(RecordTimestamp.parse(text) == milliseconds, "\(text)")
        }
    }

    @Test(arguments: [
        (1_763_719_200_250, 1_763_719_200.25), (1_740_820_500_123, 1_740_820_500.123), (0, 0), (-1, -0.001),
        (4_102_444_799_999, 4_102_444_799.999),
    ] as [(Int64, Double)])
    func epochSecondsAreTheMillisecondsOverAThousandAsAJSONNumber(milliseconds: Int64, seconds: Double) {
        #expect(RecordTimestamp.epochSeconds(milliseconds) == .double(seconds))
        var writer = JSONWriter()
        writer.write(RecordTimestamp.epochSeconds(milliseconds))
        #expect(Double(String(decoding: writer.bytes, as: UTF8.self)) == seconds, "written as a number that reads back exactly")
    }

    @Test(arguments: [
        ("2025-03-01T09:15:00.123456", 1_740_820_500_123),
        ("2025-03-01T09:15:00.1235", 1_740_820_500_124),
        ("2025-03-01 09:15:00", 1_740_820_500_000),
        ("2025-03-01T09:15", 1_740_820_500_000),
        ("2025-03-01T10:15:00+01:00", 1_740_820_500_000),
        ("2025-03-01T04:15:00.5-0500", 1_740_820_500_500),
        ("2025-03-01T09:15:00Z", 1_740_820_500_000),
        ("2024-02-29", 1_709_164_800_000),
    ] as [(String, Int64)])
    func readsTheFormsOtherSystemsWrite(text: String, milliseconds: Int64) {
        #expect(RecordTimestamp.parse(text) == milliseconds)
    }

    @Test(arguments: [
        "", "yesterday", "2025-13-01T00:00:00", "2025-02-30", "2023-02-29", "2025-03-01T24:00:00", "2025-03-01T09:60",
        "2025-03-01T09:15:00.", "2025-03-01T09:15:00Zjunk", "2025-03-01T09:15:00+25:00", "2025/03/01", "1740820500",
    ])
    func rejectsWhatIsNotADateAndTime(text: String) {
        #expect(RecordTimestamp.parse(text) == nil)
    }
}
