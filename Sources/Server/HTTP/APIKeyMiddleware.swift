import Analytics
import DomainEvents
import HTTPTypes
import Hummingbird
import Ledger

/// Lets a request through only with an accepted bearer key: a client key (from the environment
/// or a virtual key) or the admin key on client routes, the admin key on admin routes. Open
/// routes (no key configured for them) pass as is — client routes close as soon as a virtual key
/// has been issued. A revoked or expired virtual key is refused even on open routes.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    enum Requirement: Sendable {
        case client, admin
    }

    let keys: APIKeys
    let virtualKeys: VirtualKeys
    let requirement: Requirement

    func handle(
        _ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response
    ) async throws -> Response {
        let token = APIKeys.bearerToken(request.headers[.authorization])
        var caller = token.flatMap(keys.caller(token:))
        if caller == nil, let token, let found = try await virtualKey(token) {
            caller = APIKeys.Caller(
                keyID: found.key.keyID, isAdmin: false, team: found.key.settings.team, limits: found.key.settings.limits,
                teamBudgets: found.teamBudgets, keysSeq: found.throughSeq)
        }
        let open = requirement == .client ? keys.clientRoutesAreOpen && !virtualKeys.anyIssued : keys.adminRoutesAreOpen
        if !open {
            guard request.headers[.authorization] != nil else {
                throw OpenAIError.unauthorized("missing API key: send it as \"Authorization: Bearer KEY\"")
            }
            guard let caller else { throw OpenAIError.unauthorized("invalid API key") }
            if requirement == .admin && !caller.isAdmin {
                throw OpenAIError(
                    status: .forbidden, message: "this endpoint needs the admin key", type: "permission_error",
                    code: "admin_key_required")
            }
        }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }

    /// The virtual key `token` names, if it is one and still accepted; a revoked or expired one
    /// is a 401 that says so.
    private func virtualKey(_ token: String) async throws -> VirtualKeys.Lookup? {
        let found: VirtualKeys.Lookup?
        do {
            found = try await virtualKeys.key(secret: token)
        } catch {
            throw OpenAIError(
                status: .serviceUnavailable, message: "the ledger cannot check this API key: \(error)",
                type: "api_error", code: "ledger_unavailable")
        }
        guard let found else { return nil }
        let key = found.key
        let now = UnixTime.nowMilliseconds()
        if let revokedAt = key.revokedAt {
            throw OpenAIError(
                status: .unauthorized, message: "this API key (\(key.keyID)) was revoked at \(RecordTimestamp.format(revokedAt))",
                type: "authentication_error", code: "key_revoked")
        }
        if key.isExpired(at: now), let expiresAt = key.settings.expiresAt {
            throw OpenAIError(
                status: .unauthorized, message: "this API key (\(key.keyID)) expired at \(RecordTimestamp.format(expiresAt))",
                type: "authentication_error", code: "key_expired")
        }
        return found
    }
}
