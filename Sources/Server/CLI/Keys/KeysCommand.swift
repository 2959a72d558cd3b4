import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger keys …`: virtual keys, recorded in the ledger as `key.*` events (as `/admin/keys`
/// does). A running gateway on the same ledger honours a change from its next request.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Issue, list, change and revoke virtual keys (teams, budgets, rate limits).",
        subcommands: [
            KeysCreateCommand.self, KeysListCommand.self, KeysShowCommand.self, KeysUpdateCommand.self, KeysRevokeCommand.self,
        ]
    )

    /// Who the events name as having done it: `cli:` and the user running the command.
    static var actor: String {
        "cli:" + (ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown")
    }

    /// Runs a key operation; a refusal is the command's one-line error.
    static func administering<T>(_ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as KeyAdministrationError {
            throw CommandLineInputError(message: error.message)
        }
    }

    /// One line per key, for people.
    static func line(_ key: VirtualKey, now: Int64) -> String {
        let settings = key.settings
        var parts = [key.keyID, key.status(at: now), "team \(settings.team)"]
        if let name = settings.name { parts.append("name \(name)") }
        for budget in settings.limits.budgets {
            parts.append("budget \(LimitNotation.text(budget))")
        }
        if let rpm = settings.limits.requestsPerMinute { parts.append("rpm \(rpm)") }
        if let tpm = settings.limits.tokensPerMinute { parts.append("tpm \(tpm)") }
        if let expiresAt = settings.expiresAt { parts.append("expires \(RecordTimestamp.format(expiresAt))") }
        return parts.joined(separator: "  ")
    }
}
