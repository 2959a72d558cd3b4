import Foundation

/// Wall-clock time in the ledger's unit, milliseconds since the Unix epoch (named apart from the
/// standard library's `Clock` protocol, which measures durations rather than dates).
public enum UnixTime {
    /// Milliseconds since the Unix epoch, now.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
