import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger keys revoke KEY_ID`.
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a virtual key for good; every gateway refuses it from its next request.")

    @OptionGroup var target: KeyTarget

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let key = try await KeysCommand.administering {
            try await target.location.open().using { try await KeyAdministration(ledger: $0).revoke(target.keyID, actor: KeysCommand.actor) }
        }
        if target.json { printJSONValue(key.json(at: now, withHistory: true)) } else { print(KeysCommand.line(key, now: now)) }
    }
}
