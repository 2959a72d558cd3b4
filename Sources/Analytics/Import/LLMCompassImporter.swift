import Crypto
import Foundation
import Ledger
import Router

/// Imports llm-compass's `data/call_history.jsonl` into a ledger: each record becomes its events
/// (see ``LLMCompassRecord``), with the features the live router would have recorded derived from
/// its messages (``ImportFeatureDeriver``), appended a batch of records per transaction.
///
/// Idempotent: a record's request id comes from its line and that line's occurrence in the file,
/// and a record whose id the ledger already holds is skipped — so importing a file again, or after
/// lines were appended to it, adds only the new records.
///
/// Parallel: one task reads lines and numbers their occurrences (the only part that must go in
/// file order), batches are parsed, derived, encoded and compressed by up to `parallelism` tasks at
/// once, and appended in file order. Deriving features (tokenizer and classifier) is most of the
/// work, so this scales with the cores.
///
/// Compressed without a manual step: the ledger trains its first dictionary once it is big enough
/// (``LedgerOptions/autoTrainAfterEvents``); the import waits for that training, so what follows
/// uses the dictionary, and at the end recompresses the few batches appended before it existed.
public struct LLMCompassImporter: Sendable {
    public let ledger: Ledger
    /// Derives the features of each imported request.
    public let deriver: ImportFeatureDeriver
    /// Records appended per transaction (each brings two or three events).
    public let batchSize: Int
    /// Batches prepared at once.
    public let parallelism: Int

    /// An importer into `ledger`; `deriver` defaults to the built-in configuration's router.
    public init(
        ledger: Ledger, deriver: ImportFeatureDeriver = ImportFeatureDeriver(router: RequestRouter(config: .builtIn)),
        batchSize: Int = 500, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.ledger = ledger
        self.deriver = deriver
        self.batchSize = max(1, batchSize)
        self.parallelism = max(1, parallelism)
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
        var batch = LineBatch()
        var inFlight: [Task<PreparedBatch, any Error>] = []
        var stale = StaleFrames()
        var number = 0
        // A ledger empty at the start holds no record of the file: the lookup per record (8 % of
        // an import's time) is only made when it was not.
        let checkingPresence = try await ledger.head() != nil
        do {
            while let line = try lines.next() {
                number += 1
                let content = LLMCompassRecord.trimmed(line)
                if content.isEmpty { continue }
                let key = SHA256.hash(data: content)
                let occurrence = occurrences[key, default: 0] + 1
                occurrences[key] = occurrence
                batch.append(line, number: number, occurrence: occurrence)
                guard batch.count == batchSize else { continue }
                inFlight.append(prepare(batch, checkingPresence: checkingPresence))
                batch = LineBatch()
                if inFlight.count > parallelism {
                    try await append(inFlight.removeFirst().value, to: &summary, stale: &stale)
                    progress?(lines.bytesRead, lines.size)
                }
            }
            if batch.count > 0 { inFlight.append(prepare(batch, checkingPresence: checkingPresence)) }
            while !inFlight.isEmpty {
                try await append(inFlight.removeFirst().value, to: &summary, stale: &stale)
            }
        } catch {
            // Batches still being prepared read the ledger: they end before the caller may close it.
            for task in inFlight { _ = try? await task.value }
            throw error
        }
        progress?(lines.bytesRead, lines.size)
        await ledger.awaitAutomaticTraining()
        if let current = ledger.currentDictionary?.id, let seqs = stale.seqs(notWrittenWith: current) {
            try await ledger.recompress(seqs: seqs)
        }
        return summary
    }

    /// Fails with the system's reason when the file at `path` cannot be read (checked before a
    /// ledger is opened, let alone created, for it).
    public static func checkReadable(fileAtPath path: String) throws(ImportFileError) {
        _ = try FileLines(path: path)
    }

    /// Starts preparing `batch` in a task of its own.
    private func prepare(_ batch: LineBatch, checkingPresence: Bool) -> Task<PreparedBatch, any Error> {
        Task { [ledger, deriver] in
            try await PreparedBatch(batch, ledger: ledger, deriver: deriver, checkingPresence: checkingPresence)
        }
    }

    /// Appends a prepared batch in one transaction; while the first dictionary is being trained,
    /// waits for it, so the batches prepared next use it.
    private func append(_ batch: PreparedBatch, to summary: inout ImportSummary, stale: inout StaleFrames) async throws {
        summary.imported += batch.imported
        summary.events += batch.events.count
        summary.alreadyPresent += batch.alreadyPresent
        summary.malformed += batch.malformed
        guard !batch.events.isEmpty else { return }
        let receipts = try await ledger.append(prepared: batch.events)
        stale.note(batch.events, receipts: receipts)
        if ledger.currentDictionary == nil { await ledger.awaitAutomaticTraining() }
    }
}
