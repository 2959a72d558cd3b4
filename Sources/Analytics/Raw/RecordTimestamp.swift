import CanonicalJSON
import DomainEvents

/// The times of a raw record: `timestamp` in epoch seconds (a JSON number, as llm-compass writes
/// `time.time()`), `time` in ISO-8601 UTC with milliseconds (`2026-11-21T10:00:00.123Z`), and the
/// reading of the timestamps other logs wrote (epoch seconds, or ISO-8601 strings).
///
/// Written by hand: Foundation's `ISO8601DateFormatter` rejects the zone-less times Python's
/// `datetime.isoformat()` writes, and formatting a page of records through it costs more than the
/// rest of the page.
public enum RecordTimestamp {
    /// `milliseconds` (Unix) as epoch seconds, a JSON number (`1763719206.123`).
    public static func epochSeconds(_ milliseconds: Int64) -> JSONValue {
        .double(Double(milliseconds) / 1_000)
    }

    /// `milliseconds` (Unix) as ISO-8601 UTC with milliseconds.
    public static func format(_ milliseconds: Int64) -> String {
        let (days, msOfDay) = CivilDays.floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = CivilDays.civil(fromDays: days)
        let seconds = msOfDay / 1_000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3_600, 2)):\(pad(seconds / 60 % 60, 2))"
            + ":\(pad(seconds % 60, 2)).\(pad(msOfDay % 1_000, 3))Z"
    }

    /// Unix milliseconds of an ISO-8601 date and time: `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]]` with
    /// `Z`, `±HH:MM`, `±HHMM` or no zone (read as UTC), or a bare date; nil when it is not one.
    /// Fractions beyond milliseconds are rounded.
    public static func parse(_ text: String) -> Int64? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.take(UInt8(ascii: "-")), let month = scanner.digits(2),
            scanner.take(UInt8(ascii: "-")), let day = scanner.digits(2), (1...12).contains(month),
            (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var milliseconds = CivilDays.days(fromCivil: Int64(year), Int64(month), Int64(day)) * 86_400_000
        if scanner.atEnd { return milliseconds }
        guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) || scanner.take(UInt8(ascii: " ")),
            let hour = scanner.digits(2), hour < 24, scanner.take(UInt8(ascii: ":")), let minute = scanner.digits(2), minute < 60
        else { return nil }
        var second = 0
        var fraction = 0.0
        if scanner.take(UInt8(ascii: ":")) {
            guard let value = scanner.digits(2), value < 61 else { return nil }
            second = value
            if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
                guard let (digits, count) = scanner.run(), count <= 9 else { return nil }
                fraction = Double(digits) / pow10(count)
            }
        }
        milliseconds += Int64(hour * 3_600 + minute * 60 + second) * 1_000 + Int64((fraction * 1_000).rounded())
        if scanner.atEnd || scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            return scanner.atEnd ? milliseconds : nil
        }
        let sign: Int64
        if scanner.take(UInt8(ascii: "+")) { sign = 1 } else if scanner.take(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let offsetHours = scanner.digits(2), offsetHours < 24 else { return nil }
        _ = scanner.take(UInt8(ascii: ":"))
        guard let offsetMinutes = scanner.digits(2), offsetMinutes < 60, scanner.atEnd else { return nil }
        return milliseconds - sign * Int64(offsetHours * 60 + offsetMinutes) * 60_000
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        /// A run of one or more digits: its value and length.
        mutating func run() -> (Int, Int)? {
            var value = 0
            var count = 0
            while index < bytes.count, (48...57).contains(bytes[index]), count < 10 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
                count += 1
            }
            return count == 0 ? nil : (value, count)
        }
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    private static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int, year: Int) -> Int {
        month == 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
    }
}
