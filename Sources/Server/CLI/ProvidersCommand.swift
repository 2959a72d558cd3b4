import ArgumentParser
import AsyncHTTPClient
import Foundation
import Router

/// `routeledger providers …`: the configured upstream providers.
struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "Work with the configured providers.",
        subcommands: [ProviderTestCommand.self])
}

/// `routeledger providers test NAME [--model M]`: **Test connection** from the command line — one
/// minimal real request (a one-word prompt, one output token) through that provider, with the
/// provider's key from the environment, nothing recorded anywhere.
struct ProviderTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send one minimal real request through a provider and print what happened.",
        discussion: """
            Prints the status (200, or the failure's class), the latency, the model that answered and \
            the provider's error message if any; exits 1 when the provider did not answer. The \
            provider's key comes from the environment variable its configuration names and is never \
            printed. Nothing is written to the ledger.
            """)

    @Argument(help: "The provider's name in the configuration.")
    var name: String

    @Option(help: "A model the provider serves (default: its first chat model).")
    var model: String?

    @Option(help: "The configuration file (YAML); ./routeledger.yaml when it exists, else the built-in one.")
    var config: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func run() async throws {
        let (settings, _) = try ServeCommand.loadConfig(config)
        let environment = ProcessInfo.processInfo.environment
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var providers: [String: any UpstreamProvider] = [:]
        for provider in settings.catalog.providers {
            providers[provider.name] = makeUpstream(provider, client: client, environment: environment)
        }
        let outcome: ConnectionTest.Outcome
        do {
            outcome = try await ConnectionTest(catalog: settings.catalog, providers: providers).run(name, model: model)
        } catch {
            try? await client.shutdown()
            throw CommandLineInputError(message: error.message)
        }
        try? await client.shutdown()
        if json {
            printJSONValue(outcome.json)
        } else {
            let answered = outcome.answeredBy.map { ", answered by \($0)" } ?? ""
            print("\(outcome.provider) \(outcome.model): \(outcome.succeeded ? "ok" : "failed"), status \(outcome.status), "
                + "\(ConsoleFormat.milliseconds(outcome.latencyMilliseconds))\(answered)"
                + (outcome.error.map { "\n  error: \($0)" } ?? ""))
        }
        if !outcome.succeeded { throw ExitCode(1) }
    }
}
