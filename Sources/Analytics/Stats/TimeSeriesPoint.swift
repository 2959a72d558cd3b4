/// One bar of a chart over time: what the requests that ended in [``start``, start + the
/// series' bucket width) add up to (see ``StatsProjector/timeSeries(_:bucketMilliseconds:)``).
public struct TimeSeriesPoint: Sendable, Equatable {
    /// The most points one series holds.
    public static let maximumCount = 1_000

    /// Unix ms.
    public var start: Int64
    /// Succeeded requests.
    public var calls: Int
    /// Failed requests.
    public var failures: Int
    /// Of succeeded requests, as `/stats` counts them.
    public var costUSD: Double
    public var inputTokens: Int
    public var outputTokens: Int

    public init(start: Int64, calls: Int, failures: Int, costUSD: Double, inputTokens: Int, outputTokens: Int) {
        self.start = start
        self.calls = calls
        self.failures = failures
        self.costUSD = costUSD
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    init(start: Int64, _ totals: StatsAccumulator.Totals) {
        self.init(
            start: start, calls: totals.calls, failures: totals.failures, costUSD: totals.costUSD,
            inputTokens: totals.inputTokens, outputTokens: totals.outputTokens)
    }
}
