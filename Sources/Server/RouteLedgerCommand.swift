import ArgumentParser

struct RouteLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "routeledger", subcommands: [])
}
