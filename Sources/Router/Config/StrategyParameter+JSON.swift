import CanonicalJSON

extension StrategyParameter {
    /// The parameter as a decision records it (whole numbers as integers).
    public var jsonValue: JSONValue {
        switch self {
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? .int(Int64(value)) : .double(value)
        case .text(let value): .string(value)
        case .flag(let value): .bool(value)
        }
    }
}
