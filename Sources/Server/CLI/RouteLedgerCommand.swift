import ArgumentParser

/// The `routeledger` command line: the gateway's server and its ledger tools.
struct RouteLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routeledger",
        abstract: "An OpenAI-compatible routing gateway whose memory is a hash-chained event ledger.",
        subcommands: [
            ServeCommand.self, StatsCommand.self, RebuildCommand.self, VerifyCommand.self, HeadCommand.self, ProveCommand.self, LedgerCommand.self,
            TokenizeCommand.self, RouteCommand.self, EvalCommand.self, RawCommand.self, ExplainCommand.self,
            ImportCommand.self, ExportCommand.self, ReplayCommand.self, SweepCommand.self, CalibrateCommand.self,
            ProvidersCommand.self, KeysCommand.self, TeamsCommand.self,
        ]
    )
}
