/// The ordered upstream calls to make for one request until one succeeds.
public struct AttemptPlan: Codable, Equatable, Sendable {
    /// One upstream call of the plan.
    public struct Attempt: Codable, Equatable, Sendable {
        /// 1-based position in the plan, as `upstream.failed` records it.
        public let number: Int
        /// The catalog model to call.
        public let model: String
        /// The provider serving it.
        public let provider: String
        /// 0 for the model's first try, then 1, 2, … for its retries.
        public let retry: Int
        /// How long to wait before this call (backoff; 0 when moving on to another model).
        public let delayMs: Int

        /// An attempt.
        public init(number: Int, model: String, provider: String, retry: Int, delayMs: Int) {
            self.number = number
            self.model = model
            self.provider = provider
            self.retry = retry
            self.delayMs = delayMs
        }

        enum CodingKeys: String, CodingKey {
            case number, model, provider, retry
            case delayMs = "delay_ms"
        }
    }

    /// A model left out because its provider's breaker is open.
    public struct Skipped: Codable, Equatable, Sendable {
        /// The catalog model.
        public let model: String
        /// Its provider.
        public let provider: String
        /// Why it was left out.
        public let reason: String

        /// A skipped model.
        public init(model: String, provider: String, reason: String) {
            self.model = model
            self.provider = provider
            self.reason = reason
        }
    }

    /// The calls, in order.
    public let attempts: [Attempt]
    /// Candidates left out, in the order they would have been tried.
    public let skipped: [Skipped]

    /// A plan.
    public init(attempts: [Attempt], skipped: [Skipped]) {
        self.attempts = attempts
        self.skipped = skipped
    }

    /// The distinct models the plan tries, in order (the `fallback plan` of `routing.decided`).
    public var models: [String] {
        var seen: Set<String> = []
        return attempts.map(\.model).filter { seen.insert($0).inserted }
    }
}
