import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger keys list`.
struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the virtual keys, oldest first.")

    @OptionGroup var location: LedgerLocation

    @Option(help: "Only this team's keys.")
    var team: String?

    @Flag(help: "Print the keys as JSON.")
    var json = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let keys = try await location.keyDirectory().all
            .filter { team == nil || $0.settings.team == team }
        if json {
            printJSONValue(.object(["object": .string("list"), "data": .array(keys.map { $0.json(at: now) })]))
        } else {
            for key in keys { print(KeysCommand.line(key, now: now)) }
        }
    }
}
