/// One parameter of a routing strategy: a number (`complex_threshold: 0.55`), a text (`model: gpt-4o`)
/// or a flag.
public enum StrategyParameter: Codable, Equatable, Sendable {
    /// A number, such as a threshold.
    case number(Double)
    /// A text, such as a model name or scorer.
    case text(String)
    /// A yes/no switch.
    case flag(Bool)

    /// The number, if this is one.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The text, if this is one.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// Decodes a YAML scalar: booleans first, then numbers, then text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Encodes as the bare scalar.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        }
    }
}
