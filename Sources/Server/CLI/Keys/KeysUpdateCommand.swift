import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger keys update KEY_ID …`.
struct KeysUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a virtual key's team, name, budgets, limits or expiry.")

    @OptionGroup var target: KeyTarget

    @Option(help: "Move the key to another team.")
    var team: String?

    @OptionGroup var limits: KeyLimitOptions

    @Flag(help: "Remove every budget.")
    var noBudget = false

    @Flag(help: "Remove the requests-per-minute limit.")
    var noRpm = false

    @Flag(help: "Remove the tokens-per-minute limit.")
    var noTpm = false

    @Flag(help: "Never expire.")
    var noExpiry = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let key = try await KeysCommand.administering {
            let ledger = try await target.location.open()
            return try await ledger.using { ledger in
                try await KeyAdministration(ledger: ledger).update(target.keyID, actor: KeysCommand.actor) { settings in
                    if let team { settings.team = team }
                    if noBudget { settings.limits.budgets = [] }
                    if noRpm { settings.limits.requestsPerMinute = nil }
                    if noTpm { settings.limits.tokensPerMinute = nil }
                    if noExpiry { settings.expiresAt = nil }
                    try limits.apply(to: &settings, now: now)
                }
            }
        }
        if target.json { printJSONValue(key.json(at: now, withHistory: true)) } else { print(KeysCommand.line(key, now: now)) }
    }
}
