import Foundation

/// A model tier: prompts are routed to the cheapest tier that can handle them.
public enum Tier: String, CaseIterable, Sendable, Codable, Comparable {
    case simple
    case medium
    case complex

    /// A tier from its name, ignoring case and surrounding spaces (as written in a config file).
    public init?(name: String) {
        self.init(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased())
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
