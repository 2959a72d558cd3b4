import Foundation
import Logging
import Synchronization

/// The event-sourced ledger: append events of any type (``EventBody``), read them back, verify the
/// hash chain and the Merkle tree over it, and keep payloads small with trained zstd dictionaries.
///
/// ```swift
/// let ledger = try Ledger(path: "routeledger.sqlite")
/// let receipts = try await ledger.append([NewEvent(requestID: id, body: event)])
/// // receipts[0].seq is committed: it survives a killed process.
/// await ledger.close()
/// ```
public final class Ledger: Sendable {
    /// Where the events are kept.
    public let store: any EventStore
    public let options: LedgerOptions
    let codec: PayloadCodec
    let dictionaries: DictionaryRegistry
    private let logger: Logger
    private let training = Mutex(AutoTraining())

    /// Opens the SQLite ledger at `path` (created when missing, unless the options say otherwise).
    public convenience init(path: String, options: LedgerOptions = LedgerOptions(), logger: Logger? = nil) throws {
        try self.init(store: SQLiteEventStore(path: path, options: options.store), options: options, logger: logger)
    }

    /// A ledger over any event store.
    public init(store: any EventStore, options: LedgerOptions = LedgerOptions(), logger: Logger? = nil) throws {
        self.store = store
        self.options = options
        self.logger = logger ?? Logger(label: "routeledger.ledger")
        codec = PayloadCodec(level: options.compressionLevel)
        dictionaries = DictionaryRegistry(level: options.compressionLevel)
        try dictionaries.load(store.dictionariesAtOpen)
    }

    // MARK: - Appending

    /// Appends events atomically, in order, and returns once they are committed.
    public func append(_ events: [NewEvent]) async throws -> [EventReceipt] {
        try await append(prepared: events.map(prepare))
    }

    /// Appends events already encoded and compressed by ``prepare(_:)`` (on any thread: an import
    /// prepares batches in parallel), atomically, in order, and returns once they are committed.
    /// Like every append, it starts the first dictionary's training once the ledger is big enough.
    public func append(prepared: [PreparedEvent]) async throws -> [EventReceipt] {
        let receipts = try await store.append(prepared)
        // Keeps the caller's reference until after the acknowledgement, so the payload buffers are
        // freed here rather than on the single writer thread (measured ~15% of its time).
        withExtendedLifetime(prepared) {}
        if let last = receipts.last { trainAutomaticallyIfDue(head: last.seq) }
        return receipts
    }

    /// Appends one event and returns once it is committed.
    @discardableResult
    public func append(_ event: NewEvent) async throws -> EventReceipt {
        try await append([event])[0]
    }

    /// Encodes and compresses an event with the current dictionary (work done by the caller's
    /// thread, so the single writer only hashes and inserts).
    public func prepare(_ event: NewEvent) throws -> PreparedEvent {
        let payload = try event.body.canonicalPayload()
        let dictionary = dictionaries.current
        return PreparedEvent(
            eventID: event.eventID, requestID: event.requestID, type: event.body.type,
            schema: event.body.schema, timestamp: event.timestamp, payload: payload,
            frame: try codec.compress(payload, dictionary: dictionary), dictionaryID: dictionary?.id ?? 0)
    }

    // MARK: - Reading

    /// Events with `seq > after`, ascending, at most `limit` (a gapless committed prefix).
    public func events(after seq: Int64, limit: Int) async throws -> [StoredEvent] {
        try await storedEvents(store.records(after: seq, limit: limit))
    }

    /// Events with `seq < before`, newest first, at most `limit`.
    public func events(before seq: Int64 = .max, limit: Int) async throws -> [StoredEvent] {
        try await storedEvents(store.records(before: seq, limit: limit))
    }

    /// Every event of one request, in order.
    public func events(requestID: String) async throws -> [StoredEvent] {
        try await storedEvents(store.records(requestID: requestID))
    }

    /// Whether the ledger holds any event of the request (an index lookup; no event is read).
    public func contains(requestID: String) async throws -> Bool {
        try await store.lastSeq(ofRequest: requestID) != nil
    }

    /// The seq of the request's last event (an index lookup; no event is read); nil when the
    /// ledger holds none.
    public func lastSeq(ofRequest requestID: String) async throws -> Int64? {
        try await store.lastSeq(ofRequest: requestID)
    }

    /// The newest event's seq and hash; nil for an empty ledger.
    public func head() async throws -> ChainHead? {
        try await store.head()
    }

    /// The uncompressed canonical payload of a record whose dictionary is loaded.
    private func loadedPayload(of record: EventRecord) throws -> [UInt8] {
        try codec.withDecompressor { try payload(of: record, with: $0, dictionary: dictionary(for: record)) }
    }

    /// The records with their payloads decompressed (see ``decompressed(_:)``), after loading any
    /// dictionary they name that another process trained since this one opened the ledger.
    public func storedEvents(_ records: [EventRecord]) async throws -> [StoredEvent] {
        try await loadDictionaries(for: records)
        return try decompressed(records)
    }

    /// The records with their payloads decompressed, using one decompression context and one
    /// dictionary lookup per run of frames (so concurrent readers do not contend per event).
    /// Every dictionary they name must be loaded.
    private func decompressed(_ records: [EventRecord]) throws -> [StoredEvent] {
        try codec.withDecompressor { decompressor in
            var dictionary: ZstdDictionary?
            var events: [StoredEvent] = []
            events.reserveCapacity(records.count)
            for record in records {
                if record.dictionaryID != (dictionary?.id ?? 0) {
                    dictionary = try self.dictionary(for: record)
                }
                events.append(StoredEvent(
                    seq: record.seq, eventID: record.eventID, requestID: record.requestID, type: EventType(rawValue: record.type),
                    schema: record.schema, timestamp: record.timestamp, dictionaryID: record.dictionaryID,
                    payload: try payload(of: record, with: decompressor, dictionary: dictionary), hash: record.hash))
            }
            return events
        }
    }

    private func payload(
        of record: EventRecord, with decompressor: borrowing PayloadCodec.Decompressor, dictionary: ZstdDictionary?
    ) throws -> [UInt8] {
        do {
            return try decompressor.decompress(record.frame, dictionary: dictionary)
        } catch let error as LedgerError where error.code == .corruptFrame {
            throw LedgerError(.corruptFrame, "event seq \(record.seq): \(error.message)")
        }
    }

    /// Loads the dictionaries `records` name that this process does not hold yet: another process
    /// may have trained one since this one opened the ledger.
    private func loadDictionaries(for records: [EventRecord]) async throws {
        // One lookup per run of frames with the same dictionary (pages are runs), not per frame:
        // concurrent decoders would contend on the registry's lock.
        var missing: Set<Int> = []
        var previous = 0
        for record in records where record.dictionaryID != previous {
            previous = record.dictionaryID
            if previous != 0, dictionaries.dictionary(id: previous) == nil { missing.insert(previous) }
        }
        guard !missing.isEmpty else { return }
        try dictionaries.load(await store.dictionaries().filter { missing.contains($0.id) })
    }

    private func dictionary(for record: EventRecord) throws -> ZstdDictionary? {
        if record.dictionaryID == 0 { return nil }
        guard let dictionary = dictionaries.dictionary(id: record.dictionaryID) else {
            throw LedgerError(
                .unknownDictionary,
                "event seq \(record.seq) was compressed with dictionary \(record.dictionaryID), which the ledger does not hold")
        }
        return dictionary
    }

    // MARK: - Verifying

    /// Walks the chain from seq 1 — the whole chain, or up to and including seq `through` — and
    /// reports the first event that does not verify. The Merkle tree is rebuilt along the way and
    /// every stored node is compared with it. `progress` is called after each page with the last
    /// seq checked.
    public func verify(
        through last: Int64 = .max, pageSize: Int = 4_096, progress: ((Int64) -> Void)? = nil
    ) async throws -> ChainVerification {
        // Reads and checks on one blocking-pool thread (see ``BlockingReadExecutor``).
        try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
            try await walkChain(through: last, pageSize: pageSize, progress: progress)
        }
    }

    private func walkChain(through last: Int64, pageSize: Int, progress: ((Int64) -> Void)?) async throws -> ChainVerification {
        let pageSize = max(1, pageSize)
        var previous = HashChain.genesis
        var expected: Int64 = 1
        var head: ChainHead?
        var tree = MerkleFrontier()
        while expected <= last {
            let page = try await store.records(after: expected - 1, limit: Int(min(Int64(pageSize), last - expected + 1)))
            if page.isEmpty { break }
            try await loadDictionaries(for: page)
            var completedNodes: [MerkleNode] = []
            for record in page {
                if record.seq != expected {
                    return .broken(seq: expected, reason: "event \(expected) is missing (the next stored event is \(record.seq))")
                }
                let payload: [UInt8]
                do {
                    payload = try loadedPayload(of: record)
                } catch let error as LedgerError {
                    return .broken(seq: record.seq, reason: error.message)
                }
                let hash = HashChain.link(previous: previous, record: record, payload: payload)
                if hash != record.hash {
                    return .broken(
                        seq: record.seq,
                        reason: "hash mismatch: the stored hash does not match the event's contents and its predecessor's hash")
                }
                completedNodes += tree.append(eventHash: hash)
                previous = hash
                expected += 1
                head = ChainHead(seq: record.seq, hash: hash)
            }
            if let broken = try await firstStoredNodeDiffering(from: completedNodes) { return broken }
            progress?(expected - 1)
        }
        return .intact(count: expected - 1, head: head)
    }

    /// The first stored Merkle node that differs from the one rebuilt from the chain, as a break
    /// at the last event it covers. A node not stored (a ledger not yet backfilled) is no break.
    private func firstStoredNodeDiffering(from rebuilt: [MerkleNode]) async throws -> ChainVerification? {
        guard !rebuilt.isEmpty else { return nil }
        return try await store.withMerkleNodes { nodes in
            for node in rebuilt {
                if let stored = try await nodes.storedNode(level: node.level, index: node.index), stored != node.hash {
                    let first = (node.index << node.level) + 1
                    let last = (node.index + 1) << node.level
                    return .broken(
                        seq: last,
                        reason: "the Merkle tree node over events \(first)–\(last) does not match their hashes")
                }
            }
            return nil
        }
    }

    // MARK: - Dictionaries

    /// Trains a dictionary from the newest payloads, stores it and uses it for new events.
    @discardableResult
    public func trainDictionary() async throws -> TrainedDictionary {
        let records = try await store.records(before: .max, limit: options.trainingSampleCount)
        let samples = try await storedEvents(records).map(\.payload)
        let capacity = options.dictionaryCapacity
        let bytes = try await Task.detached { try DictionaryTrainer.train(samples: samples, capacity: capacity) }.value
        let trained = try await installDictionary(bytes, sampleCount: samples.count)
        logger.info(
            "trained a compression dictionary",
            metadata: ["id": "\(trained.id)", "bytes": "\(bytes.count)", "samples": "\(samples.count)"])
        return trained
    }

    /// Stores a dictionary (trained here or taken from another ledger) and uses it for new events.
    @discardableResult
    public func installDictionary(_ bytes: [UInt8], sampleCount: Int) async throws -> TrainedDictionary {
        try ZstdDictionary.validate(bytes, level: options.compressionLevel)
        let id = try await store.addDictionary(bytes, sampleCount: sampleCount)
        try dictionaries.load([StoredDictionary(id: id, createdAt: UnixTime.nowMilliseconds(), sampleCount: sampleCount, bytes: bytes)])
        return TrainedDictionary(id: id, size: bytes.count, sampleCount: sampleCount)
    }

    /// The dictionary new events are compressed with, if any.
    public var currentDictionary: ZstdDictionary? { dictionaries.current }

    /// Rewrites every frame not written with the newest dictionary, keeping seq, ts and hash — of
    /// the whole ledger, or of the events in `seqs` only (an import recompresses what it appended
    /// before the dictionary existed). `progress` is called after each batch with the last seq looked at.
    @discardableResult
    public func recompress(
        seqs: ClosedRange<Int64> = 1...Int64.max, batchSize: Int = 2_000, progress: ((Int64) -> Void)? = nil
    ) async throws -> Int {
        guard let target = dictionaries.current else {
            throw LedgerError(.training, "the ledger has no dictionary yet; train one first (routeledger ledger train-dict)")
        }
        var after = seqs.lowerBound - 1
        var changed = 0
        while after < seqs.upperBound {
            let page = try await store.records(after: after, limit: Int(min(Int64(batchSize), seqs.upperBound - after)))
            guard let last = page.last else { break }
            let stale = page.filter { $0.dictionaryID != target.id }
            let replacements = try await zip(stale, storedEvents(stale)).map { record, event in
                FrameReplacement(
                    seq: record.seq, previousDictionaryID: record.dictionaryID, dictionaryID: target.id,
                    frame: try codec.compress(event.payload, dictionary: target))
            }
            if !replacements.isEmpty { changed += try await store.replaceFrames(replacements) }
            after = last.seq
            progress?(after)
        }
        return changed
    }

    /// Starts training the first dictionary in the background once the ledger is big enough.
    /// After a failure, the next attempt waits until as many events again have been appended.
    private func trainAutomaticallyIfDue(head: Int64) {
        guard options.autoTrainAfterEvents > 0, dictionaries.current == nil else { return }
        let start = training.withLock { state in
            guard !state.running, head >= state.nextAttemptAt ?? options.autoTrainAfterEvents else { return false }
            state.running = true
            return true
        }
        guard start else { return }
        let task = Task.detached { [self] in
            do {
                try await trainDictionary()
                training.withLock { $0.running = false }
            } catch {
                logger.warning("automatic dictionary training failed", metadata: ["error": "\(error)"])
                training.withLock { state in
                    state.running = false
                    state.nextAttemptAt = head + options.autoTrainAfterEvents
                }
            }
        }
        training.withLock { $0.task = task }
    }

    /// Waits for an automatic dictionary training in progress, if any, to finish.
    public func awaitAutomaticTraining() async {
        await training.withLock { $0.task }?.value
    }

    // MARK: - Closing

    /// Commits what was accepted and releases the ledger. Appends after this fail with `closed`.
    public func close() async {
        await awaitAutomaticTraining()
        await store.close()
    }
}

/// The state of automatic dictionary training.
private struct AutoTraining {
    var running = false
    /// The head seq from which the next attempt may start (after a failed one).
    var nextAttemptAt: Int64?
    /// The latest attempt, so `close()` (and tests) can wait for it.
    var task: Task<Void, Never>?
}

/// What ``Ledger/trainDictionary()`` produced.
public struct TrainedDictionary: Sendable, Equatable {
    public var id: Int
    public var size: Int
    public var sampleCount: Int
}
