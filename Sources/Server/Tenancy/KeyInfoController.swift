import Analytics
import CanonicalJSON
import DomainEvents
import Hummingbird
import Ledger

/// `GET /v1/key/info`: the calling key as it stands — its team and limits, what it and its team
/// spent and hold reserved in each budget's current period, what remains and when it resets, and
/// its requests and tokens in the last minute. Never the secret.
struct KeyInfoController: Sendable {
    let limits: TenantLimits

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("key/info") { _, context in
            guard let caller = context.caller else {
                throw OpenAIError.unauthorized("send the API key whose info you want: \"Authorization: Bearer KEY\"")
            }
            return try await info(caller)
        }
    }

    private func info(_ caller: APIKeys.Caller) async throws -> Response {
        let now = UnixTime.nowMilliseconds()
        var key: [String: JSONValue] = ["id": .string(caller.keyID), "team": caller.team.map(JSONValue.string) ?? .null]
        if let limits = caller.limits {
            key["rpm"] = limits.requestsPerMinute.map { .int(Int64($0)) } ?? .null
            key["tpm"] = limits.tokensPerMinute.map { .int(Int64($0)) } ?? .null
        }
        let checks = limits.budgetChecks(for: caller, at: now)
        let uses: [BudgetUse]
        let window: (requests: Int, tokens: Int)
        do {
            uses = try await limits.store.use(of: checks)
            window = caller.limits == nil ? (0, 0) : try await limits.store.window(keyID: caller.keyID, now: now)
        } catch {
            throw OpenAIError(
                status: .serviceUnavailable, message: "the ledger cannot read this key's spend: \(error)", type: "api_error",
                code: "ledger_unavailable")
        }
        let budgets: [JSONValue] = zip(checks, uses).map { check, use in
            .object([
                "scope": .string(check.scope.hasPrefix("team:") ? "team" : "key"),
                "period": .string(check.budget.period.rawValue),
                "budget_usd": .double(check.budget.usd),
                "spent_usd": .double(use.spentUSD),
                "reserved_usd": .double(use.reservedUSD),
                "remaining_usd": .double(max(0, check.budget.usd - use.spentUSD - use.reservedUSD)),
                "period_start": .string(RecordTimestamp.format(check.periodStart)),
                "resets_at": check.budget.period.reset(after: now).map { .string(RecordTimestamp.format($0)) } ?? .null,
            ])
        }
        return Response.json(.object([
            "key": .object(key),
            "budgets": .array(budgets),
            "last_minute": .object(["requests": .int(Int64(window.requests)), "tokens": .int(Int64(window.tokens))]),
        ]))
    }
}
