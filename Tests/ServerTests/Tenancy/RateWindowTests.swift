import Testing

@testable import Server

/// A key's rate window agrees with a plain list of its last minute's requests through admissions,
/// settlements and expiry, across compactions of its storage.
@Suite struct RateWindowTests {
    @Test func theWindowMatchesAPlainListOfTheLastMinute() {
        var window = RateWindow()
        var plain: [(id: String, at: Int64, tokens: Int)] = []
        var now: Int64 = 1_800_000_000_000
        for index in 0..<6_000 {
            now += Int64(index % 7 == 0 ? 400 : 30)
            window.expire(now: now)
            plain.removeAll { $0.at <= now - 60_000 }
            let id = "r\(index)"
            window.add(requestID: id, at: now, tokens: 100)
            plain.append((id, now, 100))
            // Settle a request added a little earlier (some already expired).
            let settled = "r\(max(0, index - 5))"
            window.settle(requestID: settled, tokens: 37)
            if let position = plain.firstIndex(where: { $0.id == settled }) { plain[position].tokens = 37 }
            if index % 97 == 0 {
                #expect(window.count == plain.count)
                #expect(window.tokens == plain.reduce(0) { $0 + $1.tokens })
                #expect(window.oldestLeavesAt == plain.first.map { $0.at + 60_000 })
            }
        }
        #expect(window.count == plain.count && window.tokens == plain.reduce(0) { $0 + $1.tokens })
        // Room for 5,000 more tokens under a limit of the current total: when enough has left.
        let limit = window.tokens
        var used = plain.reduce(0) { $0 + $1.tokens } + 5_000
        let expected = plain.first { entry in
            used -= entry.tokens
            return used <= limit
        }.map { $0.at + 60_000 }
        #expect(window.timeUntilRoom(for: 5_000, limit: limit) == expected)
        #expect(window.timeUntilRoom(for: 1, limit: window.tokens + 1) == nil)
        #expect(window.timeUntilRoom(for: limit + 1, limit: limit) == nil)
        window.expire(now: now + 60_000)
        #expect(window.isEmpty && window.tokens == 0)
    }
}
