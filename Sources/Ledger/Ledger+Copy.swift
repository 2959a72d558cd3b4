extension Ledger {
    /// What ``copy(from:pageSize:progress:)`` did.
    public struct CopySummary: Sendable, Equatable {
        /// Events appended to this ledger.
        public var copied: Int64
        /// Events this ledger already held (a copy resumed after it stopped part-way).
        public var alreadyPresent: Int64
        /// Compression dictionaries added.
        public var dictionaries: Int
        /// This ledger's head afterwards: the source's.
        public var head: ChainHead?
    }

    /// Appends every event of `source` that this ledger lacks, unchanged — same seqs, ids, request
    /// ids, timestamps, compressed frames and dictionaries — so every hash, and the Merkle tree, come
    /// out the same; each receipt is checked against the source's hash. This ledger must be empty or
    /// hold a prefix of `source` (a copy that stopped part-way resumes where it stopped).
    public func copy(
        from source: Ledger, pageSize: Int = 2_000, progress: ((Int64) -> Void)? = nil
    ) async throws -> CopySummary {
        let dictionaries = try await copyDictionaries(from: source)
        let start = try await head()
        if let start {
            let matching = try await source.store.records(after: start.seq - 1, limit: 1).first
            guard matching?.seq == start.seq, matching?.hash == start.hash else {
                throw LedgerError(
                    .invalidEvent, "the target already holds another ledger (its event \(start.seq) differs from the source's)")
            }
        }
        let sourceStore = source.store
        let firstAfter = start?.seq ?? 0
        var copied: Int64 = 0
        var next: Task<[EventRecord], any Error>? = Task { try await sourceStore.records(after: firstAfter, limit: pageSize) }
        while let reading = next {
            let records = try await reading.value
            guard let last = records.last else { break }
            // The next page is read while this one is written.
            let nextAfter = last.seq
            next = Task { try await sourceStore.records(after: nextAfter, limit: pageSize) }
            let events = try await source.storedEvents(records)
            let prepared = zip(records, events).map { record, event in
                PreparedEvent(
                    eventID: record.eventID, requestID: record.requestID, type: EventType(rawValue: record.type),
                    schema: record.schema, timestamp: record.timestamp, payload: event.payload, frame: record.frame,
                    dictionaryID: record.dictionaryID)
            }
            let receipts = try await append(prepared: prepared)
            for (receipt, record) in zip(receipts, records) where receipt.seq != record.seq || receipt.hash != record.hash {
                throw LedgerError(
                    .storage, "event \(record.seq) was copied as \(receipt.seq) with another hash; the copy stopped there")
            }
            copied += Int64(records.count)
            progress?(last.seq)
        }
        return CopySummary(
            copied: copied, alreadyPresent: start?.seq ?? 0, dictionaries: dictionaries, head: try await head())
    }

    /// Adds the source's dictionaries this ledger lacks, under the same ids (frames name them).
    private func copyDictionaries(from source: Ledger) async throws -> Int {
        let present = try await store.dictionaries()
        var added = 0
        for dictionary in try await source.store.dictionaries() {
            if let existing = present.first(where: { $0.id == dictionary.id }) {
                guard existing.bytes == dictionary.bytes else {
                    throw LedgerError(
                        .invalidEvent, "the target's dictionary \(dictionary.id) differs from the source's; it holds another ledger")
                }
                continue
            }
            let installed = try await installDictionary(dictionary.bytes, sampleCount: dictionary.sampleCount)
            guard installed.id == dictionary.id else {
                throw LedgerError(
                    .invalidEvent,
                    "the target stored dictionary \(dictionary.id) as \(installed.id); copy into an empty ledger")
            }
            added += 1
        }
        return added
    }
}
