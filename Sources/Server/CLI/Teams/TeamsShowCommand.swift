import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Ledger

/// `routeledger teams show TEAM`: the team's budgets and every change of them.
struct TeamsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a team's budgets with the history of their changes.")

    @OptionGroup var target: TeamTarget

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let directory = try await target.location.keyDirectory()
        guard let team = directory.team(target.team) else {
            throw CommandLineInputError(message: "no team \(target.team): no key names it and no budget was set for it")
        }
        if target.json {
            printJSONValue(team.json(withHistory: true))
            return
        }
        print(TeamsCommand.line(team, keys: directory.activeKeys(of: team.name, at: now)))
        for change in team.history {
            let budgets = change.budgets.map(LimitNotation.text).joined(separator: ", ")
            print("  seq \(change.seq)  \(RecordTimestamp.format(change.timestamp))  by \(change.actor)  \(budgets.isEmpty ? "no budget" : budgets)")
        }
    }
}
