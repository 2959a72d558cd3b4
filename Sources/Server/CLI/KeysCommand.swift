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
            parts.append("budget \(Self.usd(budget.usd))/\(budget.period.rawValue)")
        }
        if let rpm = settings.limits.requestsPerMinute { parts.append("rpm \(rpm)") }
        if let tpm = settings.limits.tokensPerMinute { parts.append("tpm \(tpm)") }
        if let expiresAt = settings.expiresAt { parts.append("expires \(RecordTimestamp.format(expiresAt))") }
        return parts.joined(separator: "  ")
    }

    private static func usd(_ amount: Double) -> String {
        amount.rounded() == amount ? String(Int64(amount)) : String(amount)
    }
}

/// The limit options `create` and `update` share.
struct KeyLimitOptions: ParsableArguments {
    @Option(help: "A label for people.")
    var name: String?

    @Option(help: "A budget in USD per period: 10/day, 250/month, 1000/total (or 1000). Repeat for several periods.")
    var budget: [String] = []

    @Option(help: "Requests per minute.")
    var rpm: Int?

    @Option(help: "Tokens per minute (prompt + completion).")
    var tpm: Int?

    @Option(help: "When the key stops working: an ISO-8601 date or time, or a duration from now (30d, 12h).")
    var expires: String?

    /// Sets the options given on `settings`.
    func apply(to settings: inout KeySettings, now: Int64) throws {
        if let name { settings.name = name }
        if !budget.isEmpty { settings.limits.budgets = try budget.map(LimitNotation.budget) }
        if let rpm { settings.limits.requestsPerMinute = rpm }
        if let tpm { settings.limits.tokensPerMinute = tpm }
        if let expires { settings.expiresAt = try LimitNotation.expiry(expires, now: now) }
    }
}

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
        let keys = try await location.open(readOnly: true).using { try await KeyDirectory.read(from: $0).all }
            .filter { team == nil || $0.settings.team == team }
        if json {
            printJSONValue(.object(["object": .string("list"), "data": .array(keys.map { $0.json(at: now) })]))
        } else {
            for key in keys { print(KeysCommand.line(key, now: now)) }
        }
    }
}

/// `routeledger keys show KEY_ID`: the key and every change of its settings.
struct KeysShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a virtual key with the history of its settings.")

    @OptionGroup var location: LedgerLocation

    @Argument(help: "The key's id (key_…).")
    var keyID: String

    @Flag(help: "Print the key as JSON.")
    var json = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        guard let key = try await location.open(readOnly: true).using({ try await KeyDirectory.read(from: $0).keys[keyID] }) else {
            throw CommandLineInputError(message: "no key \(keyID) in the ledger")
        }
        if json {
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

/// `routeledger keys update KEY_ID …`.
struct KeysUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a virtual key's team, name, budgets, limits or expiry.")

    @OptionGroup var location: LedgerLocation

    @Argument(help: "The key's id (key_…).")
    var keyID: String

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

    @Flag(help: "Print the key as JSON.")
    var json = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let key = try await KeysCommand.administering {
            let ledger = try await location.open()
            return try await ledger.using { ledger in
                try await KeyAdministration(ledger: ledger).update(keyID, actor: KeysCommand.actor) { settings in
                    if let team { settings.team = team }
                    if noBudget { settings.limits.budgets = [] }
                    if noRpm { settings.limits.requestsPerMinute = nil }
                    if noTpm { settings.limits.tokensPerMinute = nil }
                    if noExpiry { settings.expiresAt = nil }
                    try limits.apply(to: &settings, now: now)
                }
            }
        }
        if json { printJSONValue(key.json(at: now, withHistory: true)) } else { print(KeysCommand.line(key, now: now)) }
    }
}

/// `routeledger keys revoke KEY_ID`.
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a virtual key for good; every gateway refuses it from its next request.")

    @OptionGroup var location: LedgerLocation

    @Argument(help: "The key's id (key_…).")
    var keyID: String

    @Flag(help: "Print the key as JSON.")
    var json = false

    func run() async throws {
        let now = UnixTime.nowMilliseconds()
        let key = try await KeysCommand.administering {
            try await location.open().using { try await KeyAdministration(ledger: $0).revoke(keyID, actor: KeysCommand.actor) }
        }
        if json { printJSONValue(key.json(at: now, withHistory: true)) } else { print(KeysCommand.line(key, now: now)) }
    }
}
