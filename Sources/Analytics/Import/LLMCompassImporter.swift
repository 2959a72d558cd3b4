import Crypto
import Ledger

/// Imports llm-compass's `data/call_history.jsonl` into a ledger: each record becomes its events
/// (see ``LLMCompassRecord``), appended a batch of records per transaction.
///
/// Idempotent: a record's request id comes from its line and that line's occurrence in the file,
/// and a record whose id the ledger already holds is skipped — so importing a file again, or after
/// lines were appended to it, adds only the new records.
public struct LLMCompassImporter: Sendable {
    public let ledger: Ledger
    /// Records appended per transaction (each brings two or three events).
    public let batchSize: Int

    public init(ledger: Ledger, batchSize: Int = 500) {
        self.ledger = ledger
        self.batchSize = max(1, batchSize)
    }

    /// Imports the file at `path`, streaming it; `progress` gets the bytes read so far and the
    /// file's size (0 for a pipe) after each batch. Throws ``ImportFileError`` when the file cannot
    /// be read, and the ledger's errors.
    public func importFile(
        atPath path: String, progress: ((_ bytesRead: Int64, _ fileSize: Int64) -> Void)? = nil
    ) async throws -> ImportSummary {
        var lines = try FileLines(path: path)
        var summary = ImportSummary()
        var occurrences: [SHA256.Digest: Int] = [:]
        var batch: [ImportedRecord] = []
        var number = 0
        while let line = try lines.next() {
            number += 1
            let content = LLMCompassRecord.trimmed(line)
            if content.isEmpty { continue }
            let key = SHA256.hash(data: content)
            let occurrence = occurrences[key, default: 0] + 1
            occurrences[key] = occurrence
            if number % 4_096 == 0 { progress?(lines.bytesRead, lines.size) }
            // A line imported before is a record the ledger holds: it need not be read again.
            if try ledger.contains(requestID: LLMCompassRecord.requestID(line: content, occurrence: occurrence)) {
                summary.alreadyPresent += 1
                continue
            }
            do {
                batch.append(try LLMCompassRecord.importedRecord(line: line, number: number, occurrence: occurrence))
            } catch {
                summary.malformed.append(error)
            }
            if batch.count == batchSize {
                try await append(batch, to: &summary)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await append(batch, to: &summary)
        progress?(lines.bytesRead, lines.size)
        return summary
    }

    /// Fails with the system's reason when the file at `path` cannot be read (checked before a
    /// ledger is opened, let alone created, for it).
    public static func checkReadable(fileAtPath path: String) throws(ImportFileError) {
        _ = try FileLines(path: path)
    }

    /// Appends the records' events in one transaction.
    private func append(_ records: [ImportedRecord], to summary: inout ImportSummary) async throws {
        let events = records.flatMap(\.events)
        if !events.isEmpty { _ = try await ledger.append(events) }
        summary.imported += records.count
        summary.events += events.count
    }
}
