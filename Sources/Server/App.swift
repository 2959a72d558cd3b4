import CommandLineEntry

@main
struct App {
    static func main() async {
        await CommandLineEntry.run(RouteLedgerCommand.self, toolName: "routeledger")
    }
}
