/// The answer to a what-if (SPEC section 6): the selected requests' actual and counterfactual
/// totals, the decisions that change with examples, the observed feedback per model and the
/// assumptions made — the same document for `routeledger replay --json` and `POST /v1/replay`.
public struct ReplayReport: Codable, Sendable, Equatable {
    /// One side of the comparison.
    public struct Side: Codable, Sendable, Equatable {
        public var costUSD: Double
        public var costPer1KRequestsUSD: Double
        /// Share of the replayed requests per model (decisions, before failover).
        public var modelShare: [String: Double]
        public var tierShare: [String: Double]
        public var latencyMs: LatencyEstimate

        enum CodingKeys: String, CodingKey {
            case costUSD = "cost_usd"
            case costPer1KRequestsUSD = "cost_per_1k_requests_usd"
            case modelShare = "model_share"
            case tierShare = "tier_share"
            case latencyMs = "latency_ms"
        }
    }

    /// Latency percentiles over the requests that have a latency (observed or estimated).
    public struct LatencyEstimate: Codable, Sendable, Equatable {
        public var p50: Double
        public var p95: Double
        public var requests: Int
    }

    /// How many requests were selected and what became of them.
    public struct Counts: Codable, Sendable, Equatable {
        public var selected: Int
        public var replayed: Int
        /// Decided again by the alternative.
        public var decidedAgain: Int
        /// Kept their recorded decision (named their model, or a price what-if).
        public var kept: Int
        public var notReplayable: [String: Int]

        enum CodingKeys: String, CodingKey {
            case selected, replayed, kept
            case decidedAgain = "decided_again"
            case notReplayable = "not_replayable"
        }
    }

    /// The decisions that change.
    public struct Changed: Codable, Sendable, Equatable {
        public var count: Int
        /// Of the replayed requests.
        public var share: Double
    }

    /// A decision as the example shows it.
    public struct Decision: Codable, Sendable, Equatable {
        public var model: String
        public var tier: String
        public var reason: String
        public var costUSD: Double

        enum CodingKeys: String, CodingKey {
            case model, tier, reason
            case costUSD = "cost_usd"
        }
    }

    /// A changed decision.
    public struct Example: Codable, Sendable, Equatable {
        public var requestID: String
        public var receivedAt: String
        /// The start of the last user message; nil when the prompt was not recorded.
        public var promptExcerpt: String?
        public var actual: Decision
        public var counterfactual: Decision
        public var costDeltaUSD: Double

        enum CodingKeys: String, CodingKey {
            case actual, counterfactual
            case requestID = "request_id"
            case receivedAt = "received_at"
            case promptExcerpt = "prompt_excerpt"
            case costDeltaUSD = "cost_delta_usd"
        }
    }

    /// The observed feedback of a model next to its traffic shift.
    public struct ModelFeedback: Codable, Sendable, Equatable {
        public var model: String
        public var feedbackCount: Int
        /// The mean of the scores given (nil when only labels were).
        public var meanScore: Double?
        public var labels: [String: Int]
        public var actualShare: Double
        public var counterfactualShare: Double

        enum CodingKeys: String, CodingKey {
            case model, labels
            case feedbackCount = "feedback_count"
            case meanScore = "mean_score"
            case actualShare = "actual_share"
            case counterfactualShare = "counterfactual_share"
        }
    }

    /// Feedback per model, with what it is and is not.
    public struct FeedbackShift: Codable, Sendable, Equatable {
        public var note: String
        public var models: [ModelFeedback]
    }

    public var alternative: String
    public var selection: String
    public var requests: Counts
    public var actual: Side
    public var counterfactual: Side
    public var changed: Changed
    public var costDeltaUSD: Double
    public var examples: [Example]
    public var feedback: FeedbackShift?
    public var assumptions: [String]

    enum CodingKeys: String, CodingKey {
        case alternative, selection, requests, actual, counterfactual, changed, examples, feedback, assumptions
        case costDeltaUSD = "cost_delta_usd"
    }
}
