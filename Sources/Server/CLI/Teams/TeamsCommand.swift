import Analytics
import ArgumentParser
import DomainEvents

/// `routeledger teams …`: the teams keys belong to, and the budgets every key of a team counts
/// against, recorded as `team.updated` events (as `/admin/teams` does). A running gateway on the
/// same ledger honours a change from its next request.
struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams",
        abstract: "List teams, show one, and set the budgets all of a team's keys share.",
        subcommands: [TeamsListCommand.self, TeamsShowCommand.self, TeamsUpdateCommand.self]
    )

    /// One line per team, for people.
    static func line(_ team: Team, keys: Int) -> String {
        let budgets = team.budgets.map { "budget \(LimitNotation.text($0))" }
        return ([team.name, "\(keys) active key\(keys == 1 ? "" : "s")"] + (budgets.isEmpty ? ["no budget"] : budgets))
            .joined(separator: "  ")
    }
}

/// The arguments every command about one team takes: the ledger, the team's name, `--json`.
struct TeamTarget: ParsableArguments {
    @OptionGroup var location: LedgerLocation

    @Argument(help: "The team's name, as its keys carry it.")
    var team: String

    @Flag(help: "Print the team as JSON.")
    var json = false
}
