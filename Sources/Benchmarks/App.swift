import CommandLineEntry

@main
struct App {
    static func main() async {
        await CommandLineEntry.run(BenchCommand.self, toolName: "routeledger-bench")
    }
}
