import ArgumentParser
import Foundation
import Ledger

/// `routeledger-bench ledger`: append, storage size and scan figures of the ledger.
struct LedgerBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Benchmark the ledger on realistic routing.decided + completion.succeeded events.",
        discussion: "Works in a temporary folder; the ledger named by --ledger is not touched."
    )

    @Option(help: "How many events to write (half routing.decided, half completion.succeeded).")
    var events = 1_000_000

    @Option(help: "How many concurrent tasks append.")
    var producers = 64

    @Option(help: "Events per append call (2: one request's routing decision and completion; more: bulk import).")
    var eventsPerAppend = 2

    @Option(help: "normal or full (SQLite synchronous).")
    var durability = "normal"

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard events >= 2_000 else { throw ValidationError("--events must be at least 2000") }
        guard (1...4_096).contains(producers) else { throw ValidationError("--producers must be between 1 and 4096") }
        guard (1...1_000).contains(eventsPerAppend) else {
            throw ValidationError("--events-per-append must be between 1 and 1000")
        }
        guard StoreOptions.Durability(rawValue: durability) != nil else {
            throw ValidationError("--durability must be normal or full")
        }
    }

    func run() async throws {
        try await BenchmarkSession(json: json).run(table: Self.table) { directory, progress in
            try await LedgerBenchmark(
                events: events, producers: producers, eventsPerAppend: eventsPerAppend,
                durability: StoreOptions.Durability(rawValue: durability)!, directory: directory
            ).run(log: progress)
        }
    }

    static func table(_ r: LedgerBenchmark.Result) -> String {
        func number(_ value: Double) -> String { String(format: "%.0f", value) }
        return """
            routeledger-bench ledger — \(r.events) events, \(r.producers) producers × \(r.eventsPerAppend) events per append, synchronous=\(r.durability.uppercased())
            append (group commit), no dictionary   \(number(r.appendPlainEventsPerSecond)) events/s
            append (group commit), dictionary      \(number(r.appendDictionaryEventsPerSecond)) events/s
            append, store path only                \(number(r.appendStorePathEventsPerSecond)) events/s  (events already encoded and compressed)
            bytes/event as JSON lines              \(r.jsonLinesBytesPerEvent)
            bytes/event on disk, no dictionary     \(r.plainBytesPerEvent)  (\(r.plainRatio)× smaller)
            bytes/event on disk, dictionary        \(r.dictionaryBytesPerEvent)  (\(r.dictionaryRatio)× smaller; dictionary \(r.dictionaryBytes) B, trained in \(r.trainSeconds) s)
            scan + decompress + decode             \(number(r.scanEventsPerSecond)) events/s
            verify (decompress + re-hash)          \(number(r.verifyEventsPerSecond)) events/s
            """
    }
}
