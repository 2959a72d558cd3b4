import Ledger

/// A batch of lines as events ready to append: parsed, derived, encoded and compressed; with
/// `checkingPresence`, the lines whose record the ledger already holds are counted and skipped.
struct PreparedBatch: Sendable {
    var events: [PreparedEvent] = []
    var imported = 0
    var alreadyPresent = 0
    var malformed: [MalformedLine] = []

    init(_ batch: LineBatch, ledger: Ledger, deriver: ImportFeatureDeriver, checkingPresence: Bool) async throws {
        events.reserveCapacity(batch.count * 3)
        for (range, number, occurrence) in batch.lines {
            let line = batch.bytes[range]
            // A line imported before is a record the ledger holds: it need not be read again.
            if checkingPresence, try await ledger.contains(requestID: LLMCompassRecord.requestID(line: LLMCompassRecord.trimmed(line), occurrence: occurrence)) {
                alreadyPresent += 1
                continue
            }
            do {
                let record = try LLMCompassRecord.importedRecord(line: line, number: number, occurrence: occurrence, deriver: deriver)
                events += try record.events.map(ledger.prepare)
                imported += 1
            } catch let error as MalformedLine {
                malformed.append(error)
            }
        }
    }
}
