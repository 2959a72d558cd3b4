/// Where the ledger lives and how hard it syncs (`ledger` section).
public struct LedgerSettings: Codable, Equatable, Sendable {
    /// How much a commit waits for the disk.
    public enum Durability: String, Codable, CaseIterable, Sendable {
        /// Acknowledged events survive a killed process (SQLite WAL, synchronous=NORMAL).
        case normal
        /// Acknowledged events also survive power loss (synchronous=FULL).
        case full
    }

    /// Which database holds the events.
    public enum Backend: String, Codable, CaseIterable, Sendable {
        /// One SQLite file (`path`): one gateway process.
        case sqlite
        /// One PostgreSQL database (its URL in the variable `url_env`), shared by several replicas.
        case postgres
    }

    /// The database.
    public var backend: Backend
    /// The SQLite file.
    public var path: String
    /// The environment variable holding the PostgreSQL URL (with its password): only the
    /// variable's name is configured, never the URL.
    public var urlEnv: String
    /// The projections' SQLite file (stats, request log), kept by each process beside the ledger;
    /// nil for the default (`<path>-projections`, or `./routeledger-postgres-projections.sqlite`
    /// with PostgreSQL). Each replica needs its own.
    public var projections: String?
    /// How hard commits sync.
    public var durability: Durability

    /// The default environment variable of the PostgreSQL URL.
    public static let defaultURLEnv = "ROUTELEDGER_DATABASE_URL"

    /// Settings with the defaults: SQLite at `./routeledger.sqlite`, normal durability.
    public init(
        backend: Backend = .sqlite, path: String = "./routeledger.sqlite", urlEnv: String = LedgerSettings.defaultURLEnv,
        projections: String? = nil, durability: Durability = .normal
    ) {
        self.backend = backend
        self.path = path
        self.urlEnv = urlEnv
        self.projections = projections
        self.durability = durability
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case backend, path, durability, projections
        case urlEnv = "url_env"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = LedgerSettings()
        let backendName = try container.value(.backend, or: defaults.backend.rawValue)
        guard let backend = Backend(rawValue: backendName) else {
            throw ConfigDecodingProblem(
                code: .invalidValue, codingPath: container.codingPath + [CodingKeys.backend],
                reason: "unknown backend \"\(backendName)\" (expected sqlite or postgres)"
            )
        }
        self.backend = backend
        path = try container.value(.path, or: defaults.path)
        urlEnv = try container.value(.urlEnv, or: defaults.urlEnv)
        projections = try container.decodeIfPresent(String.self, forKey: .projections)
        let durabilityName = try container.value(.durability, or: defaults.durability.rawValue)
        guard let durability = Durability(rawValue: durabilityName) else {
            throw ConfigDecodingProblem(
                code: .invalidValue, codingPath: container.codingPath + [CodingKeys.durability],
                reason: "unknown durability \"\(durabilityName)\" (expected normal or full)"
            )
        }
        self.durability = durability
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(backend, forKey: .backend)
        try container.encode(path, forKey: .path)
        try container.encode(urlEnv, forKey: .urlEnv)
        try container.encodeIfPresent(projections, forKey: .projections)
        try container.encode(durability, forKey: .durability)
    }
}
