import ArgumentParser
import Ledger

/// `routeledger ledger …`: maintenance of the ledger's storage.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect and maintain the ledger's storage.",
        subcommands: [LedgerInfoCommand.self, TrainDictionaryCommand.self, RecompressCommand.self, LedgerCopyCommand.self]
    )
}

/// `routeledger ledger train-dict`: trains a zstd dictionary from the newest payloads.
struct TrainDictionaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-dict",
        abstract: "Train a zstd dictionary from the ledger's newest payloads and use it for new events."
    )

    @OptionGroup var location: LedgerLocation

    @Option(help: "How many of the newest payloads to train on.")
    var samples = 4_000

    @Option(help: "The largest dictionary, in bytes.")
    var size = 32 * 1024

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard samples > 0 else { throw ValidationError("--samples must be positive") }
        guard (1_024...1_048_576).contains(size) else { throw ValidationError("--size must be between 1024 and 1048576") }
    }

    func run() async throws {
        var options = LedgerOptions()
        options.store.createIfMissing = false
        options.autoTrainAfterEvents = 0
        options.trainingSampleCount = samples
        options.dictionaryCapacity = size
        let trained = try await location.open(options: options).using { try await $0.trainDictionary() }
        if json {
            try printJSON(["id": trained.id, "bytes": trained.size, "samples": trained.sampleCount])
        } else {
            print("trained dictionary \(trained.id): \(trained.size) bytes from \(trained.sampleCount) payloads")
        }
    }
}

/// `routeledger ledger recompress`: rewrites old frames with the newest dictionary.
struct RecompressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompress",
        abstract: "Rewrite frames with the newest dictionary; seq, ts and hashes are unchanged."
    )

    @OptionGroup var location: LedgerLocation

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let (changed, dictionary) = try await location.open().using { ledger in
            let bar = ProgressBar(label: "recompress", total: try await ledger.head()?.seq ?? 0)
            defer { bar.finish() }
            return (try await ledger.recompress { bar.update($0) }, ledger.currentDictionary?.id ?? 0)
        }
        if json {
            try printJSON(["recompressed": changed, "dictionary": dictionary])
        } else {
            print("recompressed \(changed) events with dictionary \(dictionary)")
        }
    }
}

/// `routeledger ledger info`: what the ledger holds.
struct LedgerInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what the ledger holds: events by type, routed requests, time span, dictionaries."
    )

    @OptionGroup var location: LedgerLocation

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let report = try await location.open(readOnly: true).using { try await LedgerInfo.build(from: $0) }
        if json {
            try printJSON(report)
        } else {
            print(report.text)
        }
    }
}
