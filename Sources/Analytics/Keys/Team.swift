import DomainEvents

/// One team's budgets as its `team.updated` events left them, now and at every earlier change.
/// A team named only by keys has no event and no budget.
public struct Team: Sendable, Equatable {
    public var name: String
    /// Every change, oldest first.
    public var history: [BudgetsChange]

    /// One `team.updated`.
    public struct BudgetsChange: Sendable, Equatable {
        public var seq: Int64
        public var timestamp: Int64
        public var budgets: [Budget]
        public var actor: String
    }

    /// The budgets now.
    public var budgets: [Budget] { history.last?.budgets ?? [] }

    /// The change in force for a request recorded at `seq` (the last one before it); nil when
    /// the team had no budget set yet.
    public func change(atSeq seq: Int64) -> BudgetsChange? {
        history.last { $0.seq < seq }
    }
}
