/// Where the ledger lives and how hard it syncs (`ledger` section).
public struct LedgerSettings: Codable, Equatable, Sendable {
    /// How much a commit waits for the disk.
    public enum Durability: String, Codable, CaseIterable, Sendable {
        /// Acknowledged events survive a killed process (SQLite WAL, synchronous=NORMAL).
        case normal
        /// Acknowledged events also survive power loss (synchronous=FULL).
        case full
    }

    /// The SQLite file.
    public var path: String
    /// How hard commits sync.
    public var durability: Durability

    /// Settings with the defaults `./routeledger.sqlite` and normal durability.
    public init(path: String = "./routeledger.sqlite", durability: Durability = .normal) {
        self.path = path
        self.durability = durability
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path, durability
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = LedgerSettings()
        path = try container.value(.path, or: defaults.path)
        let durabilityName = try container.value(.durability, or: defaults.durability.rawValue)
        guard let durability = Durability(rawValue: durabilityName) else {
            throw ConfigDecodingProblem(
                code: .invalidValue, codingPath: container.codingPath + [CodingKeys.durability],
                reason: "unknown durability \"\(durabilityName)\" (expected normal or full)"
            )
        }
        self.durability = durability
    }
}
