import DomainEvents
import Router

/// The API keys the gateway accepts, read once from the environment variables the `auth` section
/// names. Only variable names are ever logged or recorded (as key ids), never the keys.
struct APIKeys: Sendable {
    /// Who presented an accepted key.
    struct Caller: Sendable, Equatable {
        /// `env:NAME`, the variable that holds the key, or a virtual key's id (`key_…`): what the
        /// ledger records.
        var keyID: String
        var isAdmin: Bool
        /// A virtual key's team; nil for environment keys.
        var team: String? = nil
        /// A virtual key's budgets and rate limits; nil for environment keys.
        var limits: KeyLimits? = nil
        /// The budgets of a virtual key's team (`team.updated`), as the ledger held them when the
        /// request arrived.
        var teamBudgets: [Budget] = []
        /// The seq of the last key or team event folded when the virtual key was accepted
        /// (`request.received`'s `keys_seq`).
        var keysSeq: Int64? = nil
    }

    private let clientKeys: [(key: [UInt8], id: String)]
    private let adminKey: [UInt8]?
    private let adminKeyID: String?

    /// Reads the keys; a named variable that is unset or empty is a startup error, so a typo never
    /// leaves the gateway open.
    init(settings: AuthSettings, environment: [String: String]) throws {
        func key(_ name: String, _ path: String) throws -> [UInt8] {
            guard let value = environment[name], !value.isEmpty else {
                throw APIKeysError(message: "\(path) names the environment variable \(name), which is not set")
            }
            return Array(value.utf8)
        }
        clientKeys = try settings.clientKeyEnvs.map { (try key($0, "auth.client_key_envs"), "env:\($0)") }
        adminKey = try settings.adminKeyEnv.map { try key($0, "auth.admin_key_env") }
        adminKeyID = settings.adminKeyEnv.map { "env:\($0)" }
    }

    /// No key is configured: every caller is let in.
    var isOpen: Bool { clientKeys.isEmpty && adminKey == nil }
    /// Client routes are open (only an admin key, or none, is configured).
    var clientRoutesAreOpen: Bool { clientKeys.isEmpty }
    /// Admin routes are open (no admin key is configured).
    var adminRoutesAreOpen: Bool { adminKey == nil }

    /// The caller whose key is the bearer token of `authorization`, or nil.
    func caller(authorization: String?) -> Caller? {
        Self.bearerToken(authorization).flatMap(caller(token:))
    }

    /// The token of an `Authorization: Bearer TOKEN` header, or nil.
    static func bearerToken(_ authorization: String?) -> String? {
        guard let authorization, authorization.count > 7,
            authorization.prefix(7).lowercased() == "bearer "
        else { return nil }
        return String(authorization.dropFirst(7))
    }

    /// The caller whose environment key is `token`, or nil.
    func caller(token: String) -> Caller? {
        let presented = Array(token.utf8)
        if let adminKey, let adminKeyID, Self.equal(presented, adminKey) {
            return Caller(keyID: adminKeyID, isAdmin: true)
        }
        for client in clientKeys where Self.equal(presented, client.key) {
            return Caller(keyID: client.id, isAdmin: false)
        }
        return nil
    }

    /// Compares without stopping at the first difference, so timing does not reveal a key prefix.
    private static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

/// A configured key variable is missing at startup.
struct APIKeysError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
