import CanonicalJSON

/// The limits a virtual key carries: spend budgets in USD per period, and requests and tokens
/// per minute. What is in force for a request is the key's limits as of the request's seq (the
/// key's latest `key.created` / `key.updated` before it).
public struct KeyLimits: Codable, Sendable, Equatable {
    public var budgets: [Budget]
    /// Requests per minute (a sliding 60-second window); nil for no limit.
    public var requestsPerMinute: Int?
    /// Tokens per minute (prompt + completion, a sliding 60-second window); nil for no limit.
    public var tokensPerMinute: Int?

    public init(budgets: [Budget] = [], requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
        self.budgets = budgets
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    /// No budget and no rate limit.
    public var isEmpty: Bool { budgets.isEmpty && requestsPerMinute == nil && tokensPerMinute == nil }

    enum CodingKeys: String, CodingKey {
        case budgets
        case requestsPerMinute = "rpm"
        case tokensPerMinute = "tpm"
    }
}

/// A spend limit in USD over one period.
public struct Budget: Codable, Sendable, Equatable, Hashable {
    public var usd: Double
    public var period: BudgetPeriod

    public init(usd: Double, period: BudgetPeriod) {
        self.usd = usd
        self.period = period
    }

    enum CodingKeys: String, CodingKey {
        case usd, period
    }
}

/// The period a budget covers, in UTC: it resets at the start of each day or month; `total`
/// never resets.
public enum BudgetPeriod: String, Codable, Sendable, CaseIterable, Hashable {
    case day, month, total
}

extension KeyLimits: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.budgets.rawValue, budgets)
        writer.field(CodingKeys.requestsPerMinute.rawValue, requestsPerMinute)
        writer.field(CodingKeys.tokensPerMinute.rawValue, tokensPerMinute)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var budgets: [Budget] = []
        var requestsPerMinute: Int?
        var tokensPerMinute: Int?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .budgets: budgets = try Budget.list(reading: &reader)
            case .requestsPerMinute: requestsPerMinute = try reader.optionalInt()
            case .tokensPerMinute: tokensPerMinute = try reader.optionalInt()
            case nil: try reader.skipValue()
            }
        }
        self.init(budgets: budgets, requestsPerMinute: requestsPerMinute, tokensPerMinute: tokensPerMinute)
    }
}

extension Budget: CanonicalJSONCodable {
    /// A list of budgets (read even when open-ended values are skipped: a budget is not open-ended).
    static func list(reading reader: inout JSONReader) throws -> [Budget] {
        var list: [Budget] = []
        try reader.readArray { list.append(try Budget(reading: &$0)) }
        return list
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.period.rawValue, period.rawValue)
        writer.field(CodingKeys.usd.rawValue, usd)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var usd: Double?
        var period: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .usd: usd = try reader.double()
            case .period: period = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        let name = try reader.require(period, CodingKeys.period, in: "budget")
        guard let known = BudgetPeriod(rawValue: name) else { throw JSONError("budget: unknown period \"\(name)\"") }
        self.init(usd: try reader.require(usd, CodingKeys.usd, in: "budget"), period: known)
    }
}
