/// The `/stats` answer: llm-compass's fields with llm-compass's semantics and rounding, plus
/// failures, tokens and latency percentiles. Figures are rounded by ``DecimalRounding``.
public struct StatsReport: Sendable, Codable, Equatable {
    /// Latency percentiles in milliseconds (two decimals).
    public struct Percentiles: Sendable, Codable, Equatable {
        public var count: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double

        init(_ histogram: LatencyHistogram) {
            count = Int(histogram.count)
            p50 = DecimalRounding.round(histogram.milliseconds(atPercentile: 50), places: 2)
            p90 = DecimalRounding.round(histogram.milliseconds(atPercentile: 90), places: 2)
            p99 = DecimalRounding.round(histogram.milliseconds(atPercentile: 99), places: 2)
        }
    }

    // llm-compass's fields.
    public var totalCalls: Int
    public var totalCostUSD: Double
    public var averageLatencyMilliseconds: Double
    public var averageRoutingMilliseconds: Double
    public var modelDistribution: [String: Int]
    public var tierDistribution: [String: Int]
    public var taskTypeDistribution: [String: Int]
    // routeledger's additions.
    public var failedCalls: Int
    /// Failed requests by HTTP status (`"502"`), or by error type when they ended without one.
    public var failuresByStatus: [String: Int]
    /// Succeeded ÷ (succeeded + failed), 4 decimals; 0 with no requests.
    public var successRate: Double
    public var inputTokens: Int
    public var outputTokens: Int
    public var latencyPercentiles: Percentiles
    public var latencyPercentilesByModel: [String: Percentiles]
    /// The last ledger seq the figures include.
    public var throughSeq: Int64

    public init(_ stats: StatsAccumulator) {
        let totals = stats.totals
        let calls = totals.calls
        totalCalls = calls
        totalCostUSD = DecimalRounding.round(totals.costUSD, places: 6)
        averageLatencyMilliseconds = calls == 0 ? 0 : DecimalRounding.round(totals.latencyMilliseconds / Double(calls), places: 2)
        averageRoutingMilliseconds = calls == 0 ? 0 : DecimalRounding.round(totals.routingMilliseconds / Double(calls), places: 2)
        modelDistribution = stats.models
        tierDistribution = stats.tiers
        taskTypeDistribution = stats.taskTypes
        failedCalls = totals.failures
        failuresByStatus = stats.failuresByStatus
        let all = calls + totals.failures
        successRate = all == 0 ? 0 : DecimalRounding.round(Double(calls) / Double(all), places: 4)
        inputTokens = totals.inputTokens
        outputTokens = totals.outputTokens
        latencyPercentiles = Percentiles(stats.latency)
        latencyPercentilesByModel = stats.latencyByModel.mapValues(Percentiles.init)
        throughSeq = stats.lastSeq
    }

    enum CodingKeys: String, CodingKey {
        case totalCalls = "total_calls"
        case totalCostUSD = "total_cost_usd"
        case averageLatencyMilliseconds = "avg_latency_ms"
        case averageRoutingMilliseconds = "avg_routing_ms"
        case modelDistribution = "model_distribution"
        case tierDistribution = "tier_distribution"
        case taskTypeDistribution = "task_type_distribution"
        case failedCalls = "failed_calls"
        case failuresByStatus = "failures_by_status"
        case successRate = "success_rate"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case latencyPercentiles = "latency_ms"
        case latencyPercentilesByModel = "latency_ms_by_model"
        case throughSeq = "through_seq"
    }
}
