/// What a replay decided for each selected request: the counterfactual model, tier and cost, in
/// columns parallel to ``rows``.
public struct ReplayRun: Sendable {
    /// How a request was replayed.
    public enum Kind: UInt8, Sendable {
        /// The alternative decided it again.
        case decided
        /// It keeps its recorded decision: it named its model, or only prices changed.
        case kept
        /// It lacks what the alternative needs; it is left out of every total.
        case notReplayable
    }

    /// The table rows selected, in table order.
    public internal(set) var rows: [Int32] = []
    public internal(set) var kind: [Kind] = []
    /// The counterfactual model and tier (symbol codes of the engine); ``ReplayTable/none`` when
    /// not replayable.
    public internal(set) var model: [Int32] = []
    public internal(set) var tier: [Int32] = []
    /// The counterfactual cost in USD (0 when not replayable).
    public internal(set) var cost: [Double] = []
    /// Why requests were not replayable, with how many.
    public internal(set) var notReplayable: [String: Int] = [:]

    /// An empty run with room for `count` requests.
    init(reservingCapacity count: Int) {
        rows.reserveCapacity(count)
        kind.reserveCapacity(count)
        model.reserveCapacity(count)
        tier.reserveCapacity(count)
        cost.reserveCapacity(count)
    }

    /// Whether the `index`-th selected request was replayed and its model changed.
    public func isChanged(_ index: Int, in table: ReplayTable) -> Bool {
        kind[index] != .notReplayable && model[index] != table.chosenModel[Int(rows[index])]
    }

    mutating func append(row: Int, kind: Kind, model: Int32, tier: Int32, cost: Double) {
        rows.append(Int32(row))
        self.kind.append(kind)
        self.model.append(model)
        self.tier.append(tier)
        self.cost.append(cost)
    }

    mutating func skip(row: Int, because reason: String) {
        append(row: row, kind: .notReplayable, model: ReplayTable.none, tier: ReplayTable.none, cost: 0)
        notReplayable[reason, default: 0] += 1
    }
}
