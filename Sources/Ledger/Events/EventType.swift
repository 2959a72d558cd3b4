/// The stable name of an event kind, as written in the `type` column and covered by the hash
/// (e.g. `routing.decided`).
///
/// The ledger stores any name; the application names its own types (routeledger's are constants
/// in `DomainEvents`), and names never change once written.
public struct EventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
