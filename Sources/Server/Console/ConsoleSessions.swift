import Foundation
import Ledger

/// Signed-in console sessions, by the random id their HttpOnly cookie holds (the admin key
/// itself never leaves the sign-in form). In memory: a restart signs everyone out.
actor ConsoleSessions {
    /// How long a session lasts after sign-in.
    static let lifetime: TimeInterval = 12 * 3600
    /// Sessions kept at most; the oldest goes first (a flood of sign-ins cannot grow memory).
    static let capacity = 1_000

    private var expiries: [String: Date] = [:]

    /// A new session's id: 32 random bytes as hex.
    func create(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
        if expiries.count >= Self.capacity, let oldest = expiries.min(by: { $0.value < $1.value })?.key {
            expiries[oldest] = nil
        }
        expiries[id] = now.addingTimeInterval(Self.lifetime)
        return id
    }

    /// Whether `id` names a live session.
    func isValid(_ id: String?, now: Date = Date()) -> Bool {
        guard let id, let expiry = expiries[id] else { return false }
        guard expiry > now else {
            expiries[id] = nil
            return false
        }
        return true
    }

    func remove(_ id: String?) {
        if let id { expiries[id] = nil }
    }
}
