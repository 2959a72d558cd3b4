import DomainEvents
import Router

/// One request joined from its events, once it ended (`completion.succeeded` or
/// `completion.failed`): what stats, raw records and replay read.

public struct CompletedRequest: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case succeeded, failed
    }

    /// The routing decision's parts that stats group by.
    public struct Decision: Sendable, Codable, Equatable {
        public var strategy: String
        public var tier: String
        public var taskType: String
        public var complexityScore: Double
        public var chosenModel: String
        public var routingLatencyMicroseconds: Int
        /// The decision's reason, as recorded.
        public var reason: String
        /// What a replay decides again from: the strategy's version, the configuration decided
        /// under, and the recorded features.
        public var strategyVersion: Int
        public var configHash: String
        public var tokenCount: Int
        public var creativity: Double
        public var reasoning: Double
        public var contextualKnowledge: Double
        public var domainKnowledge: Double
        public var constraints: Double
        public var numberOfFewShots: Int
        /// 16 hex digits; nil when the decision did not record one.
        public var promptFingerprint: String?
        /// The latencies the `latency` strategy decided from, when it did.
        public var latencySnapshot: [String: Double]?
        /// Features the decision's source did not have (``StrategyInputs`` names such as
        /// `token_count`: an imported record without them, a decision without a fingerprint),
        /// recorded as 0 or absent — a replay never decides from them.
        public var unrecorded: [String]
    }

    public var requestID: String
    /// `request.received`'s timestamp (Unix ms), else the first event's.
    public var receivedAt: Int64
    /// The timestamp of the event that ended the request.
    public var completedAt: Int64
    /// The seq of the event that ended the request: the order of completion, for paging.
    public var completionSeq: Int64
    public var requestedModel: String?
    /// The model the client named, when it named one (not absent, empty, `auto` or `router-…`).
    public var namedModel: String? {
        ModelRequest.namesAModel(requestedModel) ? requestedModel : nil
    }
    /// The id of the API key the request came with (never the key itself).
    public var apiKeyID: String?
    /// Nil for a request that ended without a routing decision.
    public var decision: Decision?
    public var status: Status
    /// The model and provider that answered (succeeded requests).
    public var model: String?
    public var provider: String?
    public var inputTokens: Int
    public var outputTokens: Int
    public var costUSD: Double
    /// End-to-end latency (succeeded requests).
    public var latencyMilliseconds: Double?
    /// Failed upstream attempts before the end.
    public var failedAttempts: Int
    /// `completion.failed`'s error type and status.
    public var failureType: String?
    public var failureStatus: Int?
    /// The team of the virtual key the request came with.
    public var team: String? = nil
    /// The request's attribution tags (`request.received`'s).
    public var tags: [String] = []
    /// The request's `user` field.
    public var user: String? = nil
}

extension CompletedRequest.Decision {
    /// The parts of `decided` a request keeps; `unrecordedByImport` are features the imported
    /// record lacked.
    ///
    /// A decision with ``DerivedFeatures`` (an import) keeps its recorded tier, task type and
    /// reason — what stats count — and replays from the derived features, which lack nothing; when
    /// the request named a catalog model it is filed as user-specified, as the live router files it,
    /// so a replay keeps its model.
    public init(_ decided: RoutingDecided, unrecordedByImport: [String] = []) {
        let features = decided.derived?.features ?? decided.features
        strategy = decided.derived?.requestedModel != nil ? StrategyRef.userSpecified : decided.strategy.name
        tier = decided.tier
        taskType = decided.features.taskType
        complexityScore = features.complexityScore
        chosenModel = decided.chosenModel
        routingLatencyMicroseconds = decided.routingLatencyMicroseconds
        reason = decided.reason
        strategyVersion = decided.strategy.version
        configHash = decided.configHash
        tokenCount = features.tokenCount
        creativity = features.creativity
        reasoning = features.reasoning
        contextualKnowledge = features.contextualKnowledge
        domainKnowledge = features.domainKnowledge
        constraints = features.constraints
        numberOfFewShots = features.numberOfFewShots
        promptFingerprint = features.promptFingerprint
        latencySnapshot = decided.latencySnapshot
        let lacking = decided.derived == nil ? unrecordedByImport : []
        unrecorded = lacking + (features.promptFingerprint == nil ? ["prompt_fingerprint"] : [])
    }
}
