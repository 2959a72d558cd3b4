import Analytics
import ArgumentParser
import CanonicalJSON
import Ledger

/// `routeledger teams list`.
struct TeamsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the teams keys name or that have budgets, by name.")

    @OptionGroup var location: LedgerLocation

    @Flag(help: "Print the teams as JSON.")
    var json = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let directory = try await location.keyDirectory()
        let teams = directory.allTeams
        if json {
            printJSONValue(.object(["object": .string("list"), "data": .array(teams.map { $0.json() })]))
        } else {
            for team in teams { print(TeamsCommand.line(team, keys: directory.activeKeys(of: team.name, at: now))) }
        }
    }
}
