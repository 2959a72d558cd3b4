import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger keys create --team T …`: prints the new key's secret once.
struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Issue a virtual key; its secret is printed once and only its hash is kept.")

    @OptionGroup var location: LedgerLocation

    @Option(help: "The team the key's spend counts for.")
    var team: String

    @OptionGroup var limits: KeyLimitOptions

    @Flag(help: "Print the key as JSON (with its secret under \"key\").")
    var json = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let issued = try await KeysCommand.administering {
            var settings = KeySettings(team: team)
            try limits.apply(to: &settings, now: now)
            let ledger = try await location.open(createIfMissing: true)
            return try await ledger.using { try await KeyAdministration(ledger: $0).create(settings, actor: KeysCommand.actor) }
        }
        if json {
            guard case .object(var object) = issued.key.json(at: now) else { return }
            object["key"] = .string(issued.secret)
            printJSONValue(.object(object))
        } else {
            print(KeysCommand.line(issued.key, now: now))
            print("secret \(issued.secret)  (shown once: only its hash is kept)")
        }
    }
}
