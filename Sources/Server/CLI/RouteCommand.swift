import ArgumentParser
import Foundation
import Router

/// `routeledger route`: prints the routing decision for an OpenAI chat request read from standard
/// input, or one decision per line for JSON lines of requests.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Print the routing decision for a chat request on standard input.",
        discussion: """
            Reads an OpenAI chat completion request ({"model":…,"messages":[…]}) and prints the \
            decision as JSON with sorted keys. Several requests, one per line (JSON lines), print \
            one decision per line in the same order. Exits 1 with a message for bad input, naming \
            the line for JSON lines.
            """
    )

    @Option(help: "The configuration file (YAML); the built-in configuration when absent.")
    var config: String?

    func run() throws {
        var settings = RouteledgerConfig.builtIn
        if let config { settings = try RouteledgerConfig.load(path: config) }
        let router = RequestRouter(config: settings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every request is read and routed before anything is printed, so bad input prints no decision.
        let decisions = try Self.requests(Array(FileHandle.standardInput.readDataToEndOfFile())).map { line, request in
            do throws(ModelRequestError) {
                return try router.route(messages: request.messages, requestedModel: request.requestedModel)
            } catch {
                throw CommandLineInputError(message: (line.map { "line \($0): " } ?? "") + error.description)
            }
        }
        for decision in decisions {
            print(String(decoding: try encoder.encode(decision), as: UTF8.self))
        }
    }

    /// The requests in `input`, each with its 1-based line for JSON lines (nil for a single request).
    ///
    /// Input that is one JSON object, or one line, is a single request (pretty-printed or not), read
    /// and checked as the gateway reads `/v1/chat/completions`. Otherwise each non-blank line is a
    /// request — unless no line is a JSON object on its own, which is one malformed request.
    static func requests(_ input: [UInt8]) throws -> [(line: Int?, request: ChatCompletionBody)] {
        let single: OpenAIError
        do throws(OpenAIError) {
            return [(nil, try ChatCompletionBody(json: input))]
        } catch {
            single = error
        }
        let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            .filter { _, line in line.contains { !Self.isWhitespace($0) } }
        guard lines.count > 1, JSONObjectCoding.object(input) == nil,
            lines.contains(where: { JSONObjectCoding.object($0.element) != nil })
        else {
            throw CommandLineInputError(message: "invalid chat request: \(single.message)")
        }
        return try lines.map { index, line in
            do throws(OpenAIError) {
                return (index + 1, try ChatCompletionBody(json: Array(line)))
            } catch {
                throw CommandLineInputError(message: "line \(index + 1): invalid chat request: \(error.message)")
            }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
