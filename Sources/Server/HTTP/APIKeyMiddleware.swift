import HTTPTypes
import Hummingbird

/// Lets a request through only with an accepted bearer key: a client or the admin key on client
/// routes, the admin key on admin routes. Open routes (no key configured for them) pass as is.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    enum Requirement: Sendable {
        case client, admin
    }

    let keys: APIKeys
    let requirement: Requirement

    func handle(
        _ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response
    ) async throws -> Response {
        let open = requirement == .client ? keys.clientRoutesAreOpen : keys.adminRoutesAreOpen
        let caller = keys.caller(authorization: request.headers[.authorization])
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
}
