extension BudgetPeriod {
    /// The start (Unix ms, UTC) of the period that holds `instant`: midnight, the first of the
    /// month, or 0 for `total`.
    public func start(containing instant: Int64) -> Int64 {
        let day = CivilDays.floorDivide(instant, CivilDays.millisecondsPerDay).quotient
        switch self {
        case .total: return 0
        case .day: return day * CivilDays.millisecondsPerDay
        case .month:
            let date = CivilDays.civil(fromDays: day)
            return CivilDays.days(fromCivil: date.year, date.month, 1) * CivilDays.millisecondsPerDay
        }
    }

    /// When the period that holds `instant` ends and the budget resets; nil for `total`.
    public func reset(after instant: Int64) -> Int64? {
        switch self {
        case .total: return nil
        case .day: return start(containing: instant) + CivilDays.millisecondsPerDay
        case .month:
            let date = CivilDays.civil(fromDays: CivilDays.floorDivide(instant, CivilDays.millisecondsPerDay).quotient)
            let next = date.month == 12 ? (date.year + 1, Int64(1)) : (date.year, date.month + 1)
            return CivilDays.days(fromCivil: next.0, next.1, 1) * CivilDays.millisecondsPerDay
        }
    }
}
