/// `/stats` by key, team, tag or user (`group_by`, or one of the `key`/`team`/`tag`/`user`
/// filters): each value's calls, failures, cost, tokens, average latencies and model shares over
/// the selected time range and model, most spent first. Added up from the attribution rollups
/// (see ``ProjectionStore/attributionGroups(_:value:model:since:until:)``), so its cost does not
/// grow with the ledger. A request with several tags counts under each of them.
public struct AttributionReport: Sendable, Codable, Equatable {
    /// One value's figures, rounded as `/stats` rounds them.
    public struct Group: Sendable, Codable, Equatable {
        public var value: String
        public var totalCalls: Int
        public var failedCalls: Int
        public var successRate: Double
        public var totalCostUSD: Double
        public var averageLatencyMilliseconds: Double
        public var averageRoutingMilliseconds: Double
        public var inputTokens: Int
        public var outputTokens: Int
        public var modelDistribution: [String: Int]

        init(_ group: AttributionGroup) {
            let totals = group.totals
            let calls = totals.calls
            value = group.value
            totalCalls = calls
            failedCalls = totals.failures
            let all = calls + totals.failures
            successRate = all == 0 ? 0 : DecimalRounding.round(Double(calls) / Double(all), places: 4)
            totalCostUSD = DecimalRounding.round(totals.costUSD, places: 6)
            averageLatencyMilliseconds = calls == 0 ? 0 : DecimalRounding.round(totals.latencyMilliseconds / Double(calls), places: 2)
            averageRoutingMilliseconds = calls == 0 ? 0 : DecimalRounding.round(totals.routingMilliseconds / Double(calls), places: 2)
            inputTokens = totals.inputTokens
            outputTokens = totals.outputTokens
            modelDistribution = group.models
        }

        enum CodingKeys: String, CodingKey {
            case value
            case totalCalls = "total_calls"
            case failedCalls = "failed_calls"
            case successRate = "success_rate"
            case totalCostUSD = "total_cost_usd"
            case averageLatencyMilliseconds = "avg_latency_ms"
            case averageRoutingMilliseconds = "avg_routing_ms"
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case modelDistribution = "model_distribution"
        }
    }

    /// `key`, `team`, `tag` or `user`.
    public var groupBy: String
    public var groups: [Group]
    /// The last ledger seq the figures include.
    public var throughSeq: Int64

    public init(kind: AttributionKind, groups: [String: AttributionGroup], throughSeq: Int64) {
        groupBy = kind.rawValue
        self.groups = groups.values.map(Group.init)
            .sorted { ($1.totalCostUSD, $0.value) < ($0.totalCostUSD, $1.value) }
        self.throughSeq = throughSeq
    }

    enum CodingKeys: String, CodingKey {
        case groupBy = "group_by"
        case groups
        case throughSeq = "through_seq"
    }
}

/// Which attribution `/stats` reports on: grouped by a kind, or filtered to one value of it.
public struct AttributionQuery: Sendable, Equatable {
    public var kind: AttributionKind
    /// Nil: every value of ``kind`` (`group_by`).
    public var value: String?

    public init(kind: AttributionKind, value: String?) {
        self.kind = kind
        self.value = value
    }

    /// Reads `group_by` and the `key`, `team`, `tag`, `user` filters; nil when none is given. One
    /// filter at most, and `group_by` (when given) of the same kind as the filter.
    public static func parse(groupBy: String?, values: [AttributionKind: String]) throws(InvalidQuery) -> AttributionQuery? {
        let given = values.filter { !$0.value.isEmpty }
        guard given.count <= 1 else {
            throw InvalidQuery(
                parameter: given.keys.map(\.rawValue).sorted()[1], message: "filter by one of key, team, tag and user at a time")
        }
        let kind = try groupBy.flatMap { $0.isEmpty ? nil : $0 }.map { text throws(InvalidQuery) in
            guard let kind = AttributionKind(rawValue: text) else {
                throw InvalidQuery(parameter: "group_by", message: "group_by must be key, team, tag or user, not \"\(text)\"")
            }
            return kind
        }
        if let (filterKind, value) = given.first {
            if let kind, kind != filterKind {
                throw InvalidQuery(
                    parameter: "group_by", message: "group_by=\(kind.rawValue) with a \(filterKind.rawValue) filter: group by the filter's kind")
            }
            return AttributionQuery(kind: filterKind, value: value)
        }
        return kind.map { AttributionQuery(kind: $0, value: nil) }
    }
}
