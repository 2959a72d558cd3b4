import Foundation
import Ledger

/// Signed-in console sessions, by the random id their HttpOnly cookie holds (the admin key
/// itself never leaves the sign-in form), each with the token its forms carry against
/// cross-site requests. In memory: a restart signs everyone out.
actor ConsoleSessions {
    /// How long a session lasts after sign-in.
    static let lifetime: TimeInterval = 12 * 3600
    /// Sessions kept at most; the oldest goes first (a flood of sign-ins cannot grow memory).
    static let capacity = 1_000

    struct Session {
        var expiry: Date
        var formToken: String
    }

    private var sessions: [String: Session] = [:]

    /// A new session's id: 32 random bytes as hex.
    func create(now: Date = Date()) -> String {
        let id = Self.randomToken()
        if sessions.count >= Self.capacity, let oldest = sessions.min(by: { $0.value.expiry < $1.value.expiry })?.key {
            sessions[oldest] = nil
        }
        sessions[id] = Session(expiry: now.addingTimeInterval(Self.lifetime), formToken: Self.randomToken())
        return id
    }

    /// The form token of the live session `id`; nil when `id` names none.
    func formToken(_ id: String?, now: Date = Date()) -> String? {
        guard let id, let session = sessions[id] else { return nil }
        guard session.expiry > now else {
            sessions[id] = nil
            return nil
        }
        return session.formToken
    }

    /// Whether `id` names a live session.
    func isValid(_ id: String?, now: Date = Date()) -> Bool {
        formToken(id, now: now) != nil
    }

    func remove(_ id: String?) {
        if let id { sessions[id] = nil }
    }

    /// 32 random bytes as hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }
}
