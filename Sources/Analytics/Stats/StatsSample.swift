/// The parts of an ended request that the stats add up, read from a ``CompletedRequest`` or
/// straight from the projection store's columns: what ``StatsAccumulator`` and ``StatsRollups``
/// fold, so both count a request the same way.
struct StatsSample: Sendable, Equatable {
    var completedAt: Int64
    var completionSeq: Int64
    var succeeded: Bool
    /// The model the `model` filter matches: the one that answered, or for a request no model
    /// answered (a failure), the one it was routed to.
    var model: String?
    /// Whether ``model`` answered the request (only those count in the model distribution).
    var answered: Bool
    /// Nil when the request had no decision or an empty tier (llm-compass leaves those out).
    var tier: String?
    /// Nil when the request had no decision or an empty task type.
    var taskType: String?
    var apiKeyID: String?
    /// A failed request's HTTP status (`502`), or its error type when it has none; nil when it
    /// succeeded (the report's `failures_by_status`).
    var failureStatus: String?
    /// 0 for a request without a routing decision (llm-compass).
    var routingMicroseconds: Int
    var costUSD: Double
    var latencyMilliseconds: Double?
    var inputTokens: Int
    var outputTokens: Int

    init(
        completedAt: Int64, completionSeq: Int64, succeeded: Bool, model: String?, answered: Bool, tier: String?,
        taskType: String?, apiKeyID: String?, routingMicroseconds: Int, costUSD: Double, latencyMilliseconds: Double?,
        inputTokens: Int, outputTokens: Int, failureStatus: String? = nil
    ) {
        self.completedAt = completedAt
        self.completionSeq = completionSeq
        self.succeeded = succeeded
        self.model = model
        self.answered = answered
        self.tier = tier.flatMap { $0.isEmpty ? nil : $0 }
        self.taskType = taskType.flatMap { $0.isEmpty ? nil : $0 }
        self.apiKeyID = apiKeyID
        self.routingMicroseconds = routingMicroseconds
        self.costUSD = costUSD
        self.latencyMilliseconds = latencyMilliseconds
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.failureStatus = succeeded ? nil : (failureStatus ?? "unknown")
    }

    init(_ request: CompletedRequest) {
        self.init(
            completedAt: request.completedAt, completionSeq: request.completionSeq, succeeded: request.status == .succeeded,
            model: request.model ?? request.decision?.chosenModel, answered: request.model != nil,
            tier: request.decision?.tier, taskType: request.decision?.taskType, apiKeyID: request.apiKeyID,
            routingMicroseconds: request.decision?.routingLatencyMicroseconds ?? 0, costUSD: request.costUSD,
            latencyMilliseconds: request.latencyMilliseconds, inputTokens: request.inputTokens,
            outputTokens: request.outputTokens,
            failureStatus: request.failureStatus.map(String.init) ?? request.failureType)
    }
}
