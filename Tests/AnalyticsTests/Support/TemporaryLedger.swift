import Analytics
import DomainEvents
import Foundation
import Ledger

/// A real ledger file (and its projection store) in a directory of its own, removed afterwards.
struct TemporaryLedger: Sendable {
    let directory: URL
    let ledger: Ledger
    var path: String { directory.appendingPathComponent("ledger.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("analytics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = LedgerOptions()
        options.autoTrainAfterEvents = 0
        ledger = try Ledger(path: directory.appendingPathComponent("ledger.sqlite").path, options: options)
    }

    /// A projector over this ledger with its store beside it.
    func projector(saveEvery: Int = 100_000) throws -> StatsProjector {
        try StatsProjector(ledger: ledger, store: try ProjectionStore(ledgerPath: path), saveEvery: saveEvery)
    }

    /// Appends generated events in their order, `batch` at a time.
    func append(_ events: some Collection<ScannedEvent>, batch: Int = 7) async throws {
        let new = events.map { NewEvent(requestID: $0.stored.requestID, event: $0.event, timestamp: $0.stored.timestamp) }
        for start in stride(from: 0, to: new.count, by: batch) {
            _ = try await ledger.append(Array(new[start..<min(start + batch, new.count)]))
        }
    }

    /// Writes `lines`, each followed by a line feed, to the file `name` in the directory; its path.
    func write(_ lines: [String], to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: url)
        return url.path
    }

    func close() async {
        await ledger.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
