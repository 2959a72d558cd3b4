import ArgumentParser
import Foundation
import Ledger

/// `routeledger ledger copy --from sqlite:PATH --to postgres`: moves a ledger to another store
/// without changing a hash (a gateway outgrowing one SQLite file moves to PostgreSQL this way).
struct LedgerCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a ledger into another store, event for event: same seqs, frames and hashes.",
        discussion: """
            The target must be empty or hold a prefix of the source: a copy that stopped resumes. \
            PostgreSQL's URL is read from the environment (--to postgres reads $ROUTELEDGER_DATABASE_URL).
            """
    )

    @Option(help: "The ledger to copy: PATH or sqlite:PATH, postgres or postgres:VARIABLE.")
    var from: String

    @Option(help: "Where to copy it: postgres (the URL in $ROUTELEDGER_DATABASE_URL), postgres:VARIABLE, or sqlite:PATH.")
    var to: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let source = try LedgerAddress(parsing: from)
        let target = try LedgerAddress(parsing: to)
        guard source != target else { throw CommandLineInputError(message: "--from and --to name the same ledger") }
        let environment = ProcessInfo.processInfo.environment
        var readOptions = LedgerOptions(autoTrainAfterEvents: 0)
        readOptions.store.readOnly = true
        readOptions.store.createIfMissing = false
        var writeOptions = LedgerOptions(autoTrainAfterEvents: 0)
        writeOptions.store.createIfMissing = true
        let summary = try await source.open(options: readOptions, environment: environment).using { sourceLedger in
            try await target.open(options: writeOptions, environment: environment).using { targetLedger in
                let bar = ProgressBar(label: "copy", total: try await sourceLedger.head()?.seq ?? 0)
                defer { bar.finish() }
                return try await targetLedger.copy(from: sourceLedger) { bar.update($0) }
            }
        }
        let head = summary.head.map { ["seq": "\($0.seq)", "hash": $0.hash.hexString] }
        if json {
            try printJSON(LedgerCopyReport(
                copied: summary.copied, alreadyPresent: summary.alreadyPresent, dictionaries: summary.dictionaries,
                headSeq: summary.head?.seq ?? 0, headHash: summary.head?.hash.hexString ?? ""))
        } else {
            print(
                "copied \(summary.copied) events (\(summary.alreadyPresent) already there) and \(summary.dictionaries) "
                    + "dictionaries to \(target); head \(head?["seq"] ?? "0") \(head?["hash"] ?? "")")
        }
    }
}

/// `ledger copy --json`.
private struct LedgerCopyReport: Encodable {
    var copied: Int64
    var alreadyPresent: Int64
    var dictionaries: Int
    var headSeq: Int64
    var headHash: String

    enum CodingKeys: String, CodingKey {
        case copied, dictionaries
        case alreadyPresent = "already_present"
        case headSeq = "head_seq"
        case headHash = "head_hash"
    }
}
