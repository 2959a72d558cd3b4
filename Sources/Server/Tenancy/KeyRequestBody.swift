import Analytics
import CanonicalJSON
import DomainEvents
import Ledger

/// The body of `POST /admin/keys` and `PATCH /admin/keys/{id}`: the settings fields to set.
///
/// `team`, `name`, `budgets` (`["10/day", {"usd": 250, "period": "month"}]`), `rpm`, `tpm`,
/// `expires_at` (ISO-8601) or `expires_in` (`30d`, `12h`). On a change, a field that is absent
/// stays as it was and `null` clears it. Any other field is a 400, so a typo never goes unnoticed.
struct KeyRequestBody {
    static let fieldNames: Set<String> = ["team", "name", "budgets", "rpm", "tpm", "expires_at", "expires_in"]

    let fields: [String: JSONValue]

    init(json bytes: [UInt8]) throws(OpenAIError) {
        fields = try RequestBodyReading.object(bytes)
        if let unknown = fields.keys.sorted().first(where: { !Self.fieldNames.contains($0) }) {
            throw .invalidRequest(
                "unknown field \(unknown); a key has \(Self.fieldNames.sorted().joined(separator: ", "))", param: unknown)
        }
    }

    /// The settings of a new key.
    func newSettings(now: Int64) throws -> KeySettings {
        guard let team = try RequestBodyReading.string(fields, "team") else {
            throw OpenAIError.invalidRequest("a new key needs a team", param: "team")
        }
        var settings = KeySettings(team: team)
        try apply(to: &settings, now: now)
        return settings
    }

    /// Sets the fields present on `settings`.
    func apply(to settings: inout KeySettings, now: Int64) throws {
        if fields["team"] != nil {
            guard let team = try RequestBodyReading.string(fields, "team") else {
                throw OpenAIError.invalidRequest("team cannot be null: every key has one", param: "team")
            }
            settings.team = team
        }
        if fields["name"] != nil { settings.name = try RequestBodyReading.string(fields, "name") }
        if let budgets = fields["budgets"] { settings.limits.budgets = try Self.budgets(budgets) }
        if fields["rpm"] != nil { settings.limits.requestsPerMinute = try Self.limit(fields, "rpm") }
        if fields["tpm"] != nil { settings.limits.tokensPerMinute = try Self.limit(fields, "tpm") }
        if fields["expires_at"] != nil && fields["expires_in"] != nil {
            throw OpenAIError.invalidRequest("send expires_at or expires_in, not both", param: "expires_in")
        }
        for key in ["expires_at", "expires_in"] where fields[key] != nil {
            settings.expiresAt = try RequestBodyReading.string(fields, key).map { text in
                do {
                    return try key == "expires_at" ? Self.instant(text) : LimitNotation.expiry(text, now: now)
                } catch let error as KeyAdministrationError {
                    throw OpenAIError.invalidRequest(error.message, param: key)
                }
            }
        }
    }

    private static func instant(_ text: String) throws -> Int64 {
        guard let at = RecordTimestamp.parse(text) else {
            throw KeyAdministrationError(.invalid, "expires_at is an ISO-8601 date or time (2027-01-31T12:00:00Z); got \"\(text)\"")
        }
        return at
    }

    private static func limit(_ fields: [String: JSONValue], _ key: String) throws(OpenAIError) -> Int? {
        try RequestBodyReading.optional(fields, key, as: "a whole number ≥ 1 or null") { value -> Int? in
            switch value {
            case .int(let number) where number >= 1 && number <= Int64(Int32.max): Int(number)
            case .double(let number) where number >= 1 && number <= Double(Int32.max) && number.rounded() == number: Int(number)
            default: nil
            }
        }
    }

    /// A `budgets` field: `["10/day", {"usd": 250, "period": "month"}]`, or null for none (keys and
    /// teams alike).
    static func budgets(_ value: JSONValue) throws -> [Budget] {
        let wrong = OpenAIError.invalidRequest(
            "budgets is a list of \"USD/period\" strings or {\"usd\", \"period\"} objects (period day, month or total)",
            param: "budgets")
        switch value {
        case .null: return []
        case .array(let items):
            return try items.map { item in
                switch item {
                case .string(let text):
                    do { return try LimitNotation.budget(text) } catch let error as KeyAdministrationError {
                        throw OpenAIError.invalidRequest(error.message, param: "budgets")
                    }
                case .object(let object):
                    guard let usd = object["usd"]?.doubleValue, case .string(let name)? = object["period"],
                        let period = BudgetPeriod(rawValue: name), object.count == 2
                    else { throw wrong }
                    return Budget(usd: usd, period: period)
                default: throw wrong
                }
            }
        default: throw wrong
        }
    }
}
