import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger keys show KEY_ID`: the key and every change of its settings.
struct KeysShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a virtual key with the history of its settings.")

    @OptionGroup var target: KeyTarget

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        guard let key = try await target.location.keyDirectory().keys[target.keyID] else {
            throw CommandLineInputError(message: "no key \(target.keyID) in the ledger")
        }
        if target.json {
            printJSONValue(key.json(at: now, withHistory: true))
            return
        }
        print(KeysCommand.line(key, now: now))
        for change in key.history {
            print("  seq \(change.seq)  \(RecordTimestamp.format(change.timestamp))  by \(change.actor)")
        }
        if let revokedAt = key.revokedAt, let revokedBy = key.revokedBy {
            print("  revoked \(RecordTimestamp.format(revokedAt))  by \(revokedBy)")
        }
    }
}
