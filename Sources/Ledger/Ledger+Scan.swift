import Foundation

/// An event read by ``Ledger/scan(after:pageSize:body:)``: its envelope and its typed payload.
public struct ScannedEvent: Sendable {
    public let stored: StoredEvent
    public let event: LedgerEvent
}

extension Ledger {
    /// Reads every event after `seq` in order, decompressing and decoding pages on all cores,
    /// and hands each page to `body` in seq order. For rebuilding projections and full exports.
    ///
    /// Pages are read from the store one after another (SQLite reads are cheap); their payloads,
    /// the expensive part, are decoded concurrently, one task per page.
    public func scan(
        after seq: Int64 = 0, pageSize: Int = 4_096, body: ([ScannedEvent]) throws -> Void
    ) async throws {
        let parallelism = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var after = seq
        var exhausted = false
        while !exhausted {
            var pages: [[EventRecord]] = []
            while pages.count < parallelism {
                let page = try store.records(after: after, limit: pageSize)
                guard let last = page.last else {
                    exhausted = true
                    break
                }
                pages.append(page)
                after = last.seq
            }
            if pages.isEmpty { break }
            let decoded = try await withThrowingTaskGroup(of: (Int, [ScannedEvent]).self) { group in
                for (index, page) in pages.enumerated() {
                    group.addTask { (index, try page.map(self.scanned)) }
                }
                var results = [[ScannedEvent]](repeating: [], count: pages.count)
                for try await (index, events) in group { results[index] = events }
                return results
            }
            for page in decoded { try body(page) }
        }
    }

    private func scanned(_ record: EventRecord) throws -> ScannedEvent {
        let stored = try storedEvent(record)
        return ScannedEvent(stored: stored, event: try stored.decoded())
    }
}
