/// One key's requests of the last minute, oldest first, with their tokens summed as they come
/// and go: admitting, expiring and settling a request cost O(1) (amortized), whatever the rate
/// — a window of 60,000 requests costs what a window of ten does.
struct RateWindow: Sendable {
    private struct Entry: Sendable {
        var requestID: String
        var at: Int64
        var tokens: Int
    }

    private var entries: [Entry] = []
    /// The first entry still in the window.
    private var head = 0
    /// The absolute position of `entries[0]` (positions never change as the array is compacted).
    private var base = 0
    private var positions: [String: Int] = [:]
    /// The tokens of the entries still in the window.
    private(set) var tokens = 0

    /// The requests in the window.
    var count: Int { entries.count - head }
    var isEmpty: Bool { count == 0 }

    /// When the oldest request leaves the window (its time + 60 s).
    var oldestLeavesAt: Int64? { head < entries.count ? entries[head].at + 60_000 : nil }

    /// Drops the requests of 60 s or more before `now`.
    mutating func expire(now: Int64) {
        while head < entries.count, entries[head].at <= now - 60_000 {
            tokens -= entries[head].tokens
            positions[entries[head].requestID] = nil
            head += 1
        }
        // Compact once the expired part is most of the array: each entry moves once.
        if head > 64, head * 2 > entries.count {
            entries.removeFirst(head)
            base += head
            head = 0
        }
    }

    mutating func add(requestID: String, at: Int64, tokens: Int) {
        positions[requestID] = base + entries.count
        entries.append(Entry(requestID: requestID, at: at, tokens: tokens))
        self.tokens += tokens
    }

    /// Replaces a request's counted tokens (its prompt estimate) with its real count, if it is
    /// still in the window.
    mutating func settle(requestID: String, tokens: Int) {
        guard let position = positions[requestID] else { return }
        let index = position - base
        self.tokens += tokens - entries[index].tokens
        entries[index].tokens = tokens
    }

    /// When enough of the window's tokens will have left it for `needed` more to fit under
    /// `limit` (nil when they fit already or never will). Walks the window: only on a refusal.
    func timeUntilRoom(for needed: Int, limit: Int) -> Int64? {
        var used = tokens + needed
        guard used > limit, needed <= limit else { return nil }
        for index in head..<entries.count {
            used -= entries[index].tokens
            if used <= limit { return entries[index].at + 60_000 }
        }
        return nil
    }
}
