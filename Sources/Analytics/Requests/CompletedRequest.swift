import Ledger

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
    }

    public var requestID: String
    /// `request.received`'s timestamp (Unix ms), else the first event's.
    public var receivedAt: Int64
    /// The timestamp of the event that ended the request.
    public var completedAt: Int64
    /// The seq of the event that ended the request: the order of completion, for paging.
    public var completionSeq: Int64
    public var requestedModel: String?
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
}
