import ArgumentParser
import Foundation
import Router

/// `routeledger route`: prints the routing decision for an OpenAI chat request read from standard input.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Print the routing decision for a chat request on standard input.",
        discussion: """
            Reads an OpenAI chat completion request ({"model":…,"messages":[…]}) and prints the \
            decision as JSON with sorted keys. Exits 1 with a message for bad input.
            """
    )

    @Option(help: "The configuration file (YAML); the built-in configuration when absent.")
    var config: String?

    func run() throws {
        var settings = RouteledgerConfig.builtIn
        if let config { settings = try RouteledgerConfig.load(path: config) }
        // Read and checked as the gateway reads `/v1/chat/completions`, with the same messages.
        let request: ChatCompletionBody
        do {
            request = try ChatCompletionBody(json: Array(FileHandle.standardInput.readDataToEndOfFile()))
        } catch {
            throw CommandLineInputError(message: "invalid chat request: \(error.message)")
        }
        let router = RequestRouter(config: settings)
        let decision = try router.route(messages: request.messages, requestedModel: request.requestedModel)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(decision), as: UTF8.self))
    }
}
