import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Ledger

/// `routeledger teams update TEAM --budget … | --no-budget`.
struct TeamsUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Set the budgets every key of a team counts against (besides its own).")

    @OptionGroup var target: TeamTarget

    @Option(help: "A budget in USD per period: 100/month, 10/day, 1000/total. Repeat for several periods; replaces the team's budgets.")
    var budget: [String] = []

    @Flag(help: "Remove every budget of the team.")
    var noBudget = false

    func run() async throws {
        guard budget.isEmpty == noBudget else {
            throw CommandLineInputError(message: "give the team's budgets with --budget (repeatable), or --no-budget to remove them")
        }
        let now = UnixTime.nowMilliseconds()
        let (team, keys) = try await KeysCommand.administering {
            let budgets = try budget.map(LimitNotation.budget)
            try KeyAdministration.validate(team: target.team)
            try KeyAdministration.validate(budgets: budgets)
            // Budgets may be set before the team's first key, on a ledger not yet created.
            let ledger = try await target.location.open(createIfMissing: true)
            return try await ledger.using { ledger in
                let team = try await KeyAdministration(ledger: ledger).setBudgets(budgets, ofTeam: target.team, actor: KeysCommand.actor)
                return (team, try await KeyDirectory.read(from: ledger).activeKeys(of: team.name, at: now))
            }
        }
        if target.json { printJSONValue(team.json(withHistory: true)) } else { print(TeamsCommand.line(team, keys: keys)) }
    }
}
