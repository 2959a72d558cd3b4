import Analytics
import CanonicalJSON
import DomainEvents
import Hummingbird
import Ledger

/// `/admin/keys`: issue (`POST`), list (`GET`), read (`GET /{id}`), change (`PATCH /{id}`) and
/// revoke (`DELETE /{id}`) virtual keys — the same operations as `routeledger keys`, recorded
/// as `key.*` events naming the admin key that did it — and the teams' budgets under
/// `/admin/teams` (``addTeamRoutes(to:)``). Admin key when keys are configured.
struct KeysController: Sendable {
    let administration: KeyAdministration
    let virtualKeys: VirtualKeys
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        addTeamRoutes(to: group)
        group.get("admin/keys") { _, _ in
            let now = UnixTime.nowMilliseconds()
            let keys = try await virtualKeys.all()
            return Response.json(.object(["object": .string("list"), "data": .array(keys.map { $0.json(at: now) })]))
        }
        group.post("admin/keys") { request, context in
            let now = UnixTime.nowMilliseconds()
            let body = try await self.body(request)
            let issued = try await Self.administering {
                try await administration.create(try body.newSettings(now: now), actor: Self.actor(context))
            }
            try await virtualKeys.catchUp()
            guard case .object(var object) = issued.key.json(at: now) else { preconditionFailure("a key is an object") }
            // Shown once: the ledger keeps only its hash.
            object["key"] = .string(issued.secret)
            return Response.json(.object(object), status: .created)
        }
        group.get("admin/keys/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let key = try await virtualKeys.key(id: id) else { throw Self.notFound(id) }
            return Response.json(key.json(at: UnixTime.nowMilliseconds(), withHistory: true))
        }
        group.patch("admin/keys/:id") { request, context in
            let id = try context.parameters.require("id")
            let now = UnixTime.nowMilliseconds()
            let body = try await self.body(request)
            let key = try await Self.administering {
                try await administration.update(id, actor: Self.actor(context)) { try body.apply(to: &$0, now: now) }
            }
            try await virtualKeys.catchUp()
            return Response.json(key.json(at: now, withHistory: true))
        }
        group.delete("admin/keys/:id") { _, context in
            let id = try context.parameters.require("id")
            let key = try await Self.administering { try await administration.revoke(id, actor: Self.actor(context)) }
            try await virtualKeys.catchUp()
            return Response.json(key.json(at: UnixTime.nowMilliseconds(), withHistory: true))
        }
    }

    private func body(_ request: Request) async throws -> KeyRequestBody {
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        return try KeyRequestBody(json: Array(buffer.readableBytesView))
    }

    /// Who is doing it: the admin key's id, or `open-admin-routes` when no admin key is configured.
    static func actor(_ context: GatewayContext) -> String {
        context.caller?.keyID ?? "open-admin-routes"
    }

    private static func notFound(_ id: String) -> OpenAIError {
        .notFound("no key \(id)", param: "id", code: "key_not_found")
    }

    /// Runs a key operation, its refusals as OpenAI error envelopes.
    static func administering<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as KeyAdministrationError {
            switch error.kind {
            case .notFound: throw OpenAIError.notFound(error.message, param: "id", code: "key_not_found")
            case .revoked:
                throw OpenAIError(status: .conflict, message: error.message, type: "invalid_request_error", code: "key_revoked")
            case .invalid: throw OpenAIError.invalidRequest(error.message)
            }
        }
    }
}
