import CanonicalJSON
import DomainEvents

extension Team {
    /// The team as `/admin/teams` and `routeledger teams --json` show it: its budgets now, when and
    /// by whom they were set, and (on request) every earlier change.
    public func json(withHistory: Bool = false) -> JSONValue {
        let last = history.last
        var object: [String: JSONValue] = [
            "team": .string(name),
            "budgets": Self.budgetsJSON(budgets),
            "updated_at": last.map { .string(RecordTimestamp.format($0.timestamp)) } ?? .null,
            "updated_by": last.map { .string($0.actor) } ?? .null,
        ]
        if withHistory {
            object["history"] = .array(history.map(Self.changeJSON))
        }
        return .object(object)
    }

    /// One change: its budgets, seq, time and actor.
    static func changeJSON(_ change: BudgetsChange) -> JSONValue {
        .object([
            "budgets": budgetsJSON(change.budgets), "seq": .int(change.seq),
            "at": .string(RecordTimestamp.format(change.timestamp)), "by": .string(change.actor),
        ])
    }

    /// Budgets as `[{"usd": 100, "period": "month"}]`, for keys and teams alike.
    public static func budgetsJSON(_ budgets: [Budget]) -> JSONValue {
        .array(budgets.map { .object(["usd": .double($0.usd), "period": .string($0.period.rawValue)]) })
    }
}
