/// How often a failed upstream call is repeated on the same model and how long to wait first
/// (`routing.retries`).
///
/// Delays double from `backoffMs` and stop growing at `maxBackoffMs`; the policy only computes
/// them, the caller sleeps.
public struct RetryPolicy: Codable, Equatable, Sendable {
    /// The most retries a configuration may ask for: each one holds a client waiting.
    public static let maxCount = 10

    /// Extra attempts on the same model after its first failure.
    public var count: Int
    /// The wait before the first retry.
    public var backoffMs: Int
    /// The longest wait between two attempts.
    public var maxBackoffMs: Int

    /// A policy; by default one retry after 250 ms, waits capped at 10 s.
    public init(count: Int = 1, backoffMs: Int = 250, maxBackoffMs: Int = 10_000) {
        self.count = count
        self.backoffMs = backoffMs
        self.maxBackoffMs = maxBackoffMs
    }

    /// The wait before retry number `retry` (1 = the first retry): `backoffMs · 2^(retry-1)`, capped.
    public func delayMs(beforeRetry retry: Int) -> Int {
        guard retry >= 1 else { return 0 }
        var delay = min(backoffMs, maxBackoffMs)
        for _ in 1..<retry where delay < maxBackoffMs {
            delay = delay > maxBackoffMs / 2 ? maxBackoffMs : delay * 2
        }
        return delay
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case count
        case backoffMs = "backoff_ms"
        case maxBackoffMs = "max_backoff_ms"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetryPolicy()
        count = try container.value(.count, or: defaults.count)
        backoffMs = try container.value(.backoffMs, or: defaults.backoffMs)
        maxBackoffMs = try container.value(.maxBackoffMs, or: defaults.maxBackoffMs)
    }
}
