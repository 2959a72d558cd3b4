/// Totals per fixed-length UTC time bucket (an hour, a day), keyed by the bucket's start in Unix
/// seconds. Encoded as a list sorted by start, so equal buckets always encode to equal bytes
/// (a dictionary with integer keys would encode in its hash order).
public struct TimeBuckets: Sendable, Equatable, Codable {
    /// The bucket length in seconds.
    public let seconds: Int64
    public private(set) var totals: [Int64: StatsAccumulator.Totals] = [:]

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    mutating func add(_ request: StatsSample) {
        let at = request.completedAt / 1_000
        totals[at - at % seconds, default: StatsAccumulator.Totals()].add(request)
    }

    /// The buckets in time order.
    public var sorted: [(start: Int64, totals: StatsAccumulator.Totals)] {
        totals.keys.sorted().map { ($0, totals[$0]!) }
    }

    private struct Bucket: Codable {
        var start: Int64
        var totals: StatsAccumulator.Totals
    }

    enum CodingKeys: String, CodingKey {
        case seconds, buckets
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seconds = try container.decode(Int64.self, forKey: .seconds)
        let buckets = try container.decode([Bucket].self, forKey: .buckets)
        totals = Dictionary(buckets.map { ($0.start, $0.totals) }) { _, last in last }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(sorted.map { Bucket(start: $0.start, totals: $0.totals) }, forKey: .buckets)
    }
}
