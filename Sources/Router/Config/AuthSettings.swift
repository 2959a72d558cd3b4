/// Which environment variables hold the API keys clients and admins must present (`auth` section).
///
/// Only variable NAMES are configured; the keys themselves never appear in the file or the ledger.
public struct AuthSettings: Codable, Equatable, Sendable {
    /// Variables each holding one accepted client key; none means the gateway accepts any client.
    public var clientKeyEnvs: [String]
    /// The variable holding the admin key for `/stats` and the other ledger endpoints.
    public var adminKeyEnv: String?

    /// Settings; by default no key is required.
    public init(clientKeyEnvs: [String] = [], adminKeyEnv: String? = nil) {
        self.clientKeyEnvs = clientKeyEnvs
        self.adminKeyEnv = adminKeyEnv
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case clientKeyEnvs = "client_key_envs"
        case adminKeyEnv = "admin_key_env"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clientKeyEnvs = try container.value(.clientKeyEnvs, or: [])
        adminKeyEnv = try container.decodeIfPresent(String.self, forKey: .adminKeyEnv)
    }
}
