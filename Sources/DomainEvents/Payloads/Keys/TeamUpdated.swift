import CanonicalJSON
import Ledger

/// `team.updated`: a team's budgets were set. Every virtual key of the team counts against them,
/// besides its own. It records the whole list after the change (empty: no team budget), so the
/// budgets in force at any seq are one event's.
public struct TeamUpdated: EventPayload {
    public static let type = EventType.teamUpdated
    public static let schema = 1

    /// The team's name, as keys carry it.
    public var team: String
    public var budgets: [Budget]
    /// Who set them (as ``KeyCreated/actor``).
    public var actor: String

    public init(team: String, budgets: [Budget], actor: String) {
        self.team = team
        self.budgets = budgets
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case team, budgets, actor
    }
}

extension TeamUpdated: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.actor.rawValue, actor)
        writer.field(CodingKeys.budgets.rawValue, budgets)
        writer.field(CodingKeys.team.rawValue, team)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var team: String?
        var budgets: [Budget]?
        var actor: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .team: team = try reader.string()
            case .budgets: budgets = try Budget.list(reading: &reader)
            case .actor: actor = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            team: try reader.require(team, CodingKeys.team, in: "team.updated"),
            budgets: try reader.require(budgets, CodingKeys.budgets, in: "team.updated"),
            actor: try reader.require(actor, CodingKeys.actor, in: "team.updated"))
    }
}
