import Analytics
import CanonicalJSON
import DomainEvents
import Router

/// The body of `POST /v1/replay`: the inputs of `routeledger replay` as JSON —
/// `{strategy, params, model, prices, since, until, actual_model, key, team, tag, user, status, examples}` —
/// each problem a 400 naming its field.
enum ReplayRequestBody {
    static let fieldNames: Set<String> = [
        "strategy", "params", "model", "prices", "since", "until", "actual_model", "key", "team", "tag", "user", "status",
        "examples",
    ]

    static func spec(_ bytes: [UInt8]) throws(OpenAIError) -> ReplaySpec {
        let fields = try RequestBodyReading.object(bytes)
        if let unknown = fields.keys.sorted().first(where: { !fieldNames.contains($0) }) {
            throw .invalidRequest(
                "unknown field \"\(unknown)\" (expected: \(fieldNames.sorted().joined(separator: ", ")))", param: unknown)
        }
        let selection: ReplaySelection
        let since = try RequestBodyReading.string(fields, "since")
        let until = try RequestBodyReading.string(fields, "until")
        let model = try RequestBodyReading.string(fields, "actual_model")
        let key = try RequestBodyReading.string(fields, "key")
        let status = try RequestBodyReading.string(fields, "status")
        let team = try RequestBodyReading.string(fields, "team")
        let tag = try RequestBodyReading.string(fields, "tag")
        let user = try RequestBodyReading.string(fields, "user")
        do throws(InvalidQuery) {
            selection = try ReplaySelection.parse(
                since: since, until: until, model: model, key: key, team: team, tag: tag, user: user, status: status)
        } catch {
            throw .invalidRequest(error.message, param: error.parameter == "model" ? "actual_model" : error.parameter)
        }
        let examples = try RequestBodyReading.optional(fields, "examples", as: "a whole number") { value -> Int? in
            guard case .int(let number) = value, let small = Int(exactly: number) else { return nil }
            return small
        }
        return ReplaySpec(
            strategy: try RequestBodyReading.string(fields, "strategy"), params: try params(fields),
            model: try RequestBodyReading.string(fields, "model"), prices: try prices(fields), selection: selection,
            examples: examples ?? 10)
    }

    /// `params`: an object of numbers, strings and booleans.
    private static func params(_ fields: [String: JSONValue]) throws(OpenAIError) -> [String: StrategyParameter] {
        let object = try RequestBodyReading.optional(fields, "params", as: "an object") { value -> [String: JSONValue]? in
            if case .object(let object) = value { return object } else { return nil }
        }
        var params: [String: StrategyParameter] = [:]
        for (key, value) in (object ?? [:]).sorted(by: { $0.key < $1.key }) {
            switch value {
            case .int, .double: params[key] = .number(value.doubleValue ?? 0)
            case .string(let text): params[key] = .text(text)
            case .bool(let flag): params[key] = .flag(flag)
            default: throw .invalidRequest("params.\(key) must be a number, a string or a boolean", param: "params.\(key)")
            }
        }
        return params
    }

    /// `prices`: `{model: {input_per_1k, output_per_1k}}`.
    private static func prices(_ fields: [String: JSONValue]) throws(OpenAIError) -> [String: TokenPrices]? {
        guard let object = try RequestBodyReading.optional(fields, "prices", as: "an object", { value -> [String: JSONValue]? in
            if case .object(let object) = value { return object } else { return nil }
        }) else { return nil }
        var entries: [String: ReplayPriceTable.Entry] = [:]
        for (model, value) in object.sorted(by: { $0.key < $1.key }) {
            guard case .object(let price) = value, Set(price.keys) == ["input_per_1k", "output_per_1k"],
                let input = price["input_per_1k"]?.doubleValue, let output = price["output_per_1k"]?.doubleValue
            else {
                throw .invalidRequest(
                    "prices.\(model) must be {\"input_per_1k\": number, \"output_per_1k\": number}", param: "prices")
            }
            entries[model] = ReplayPriceTable.Entry(inputPer1K: input, outputPer1K: output)
        }
        do throws(InvalidQuery) {
            return try ReplayPriceTable.checked(entries)
        } catch {
            throw .invalidRequest(error.message, param: error.parameter)
        }
    }
}
