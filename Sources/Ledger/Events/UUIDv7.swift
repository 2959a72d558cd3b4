import Foundation

/// RFC 9562 version-7 UUIDs: a 48-bit Unix-millisecond timestamp followed by random bits,
/// so ids sort by creation time. Foundation only generates version 4, hence this small generator.
public enum UUIDv7 {
    /// A new version-7 UUID for the given instant (now by default).
    public static func make(milliseconds: Int64 = UnixTime.nowMilliseconds()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        let random2 = generator.next() as UInt64
        let ms = UInt64(max(0, milliseconds)) & 0xFFFF_FFFF_FFFF
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: ms >> (8 * UInt64(5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: random & 0x0F)
        bytes[7] = UInt8(truncatingIfNeeded: random >> 8)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: (random >> 16) & 0x3F)
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: random2 >> (8 * UInt64(index - 9))) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
