import Foundation

/// An event read by ``Ledger/scan(after:pageSize:body:)``: its envelope and its typed payload.
public struct ScannedEvent: Sendable {
    public let stored: StoredEvent
    public let event: LedgerEvent

    /// An event and its decoded payload (projections are folded from these).
    public init(stored: StoredEvent, event: LedgerEvent) {
        self.stored = stored
        self.event = event
    }
}

extension Ledger {
    /// Reads every event after `seq` in order, decompressing and decoding pages on all cores,
    /// and hands each page to `body` in seq order. For rebuilding projections and full exports.
    ///
    /// Pages are read from the store one window after another (SQLite reads are cheap); their
    /// payloads, the expensive part, are decoded concurrently, one task per page, while the next
    /// window is being read. With `skippingOpenEndedValues`, payloads are decoded without their
    /// open-ended values (messages, parameters, …), for folds that never read them.
    public func scan(
        after seq: Int64 = 0, pageSize: Int = 4_096, skippingOpenEndedValues: Bool = false,
        body: ([ScannedEvent]) throws -> Void
    ) async throws {
        // Twice as many pages as cores: the fold of one window overlaps the decoding of the next.
        let windowSize = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)
        var after = seq
        var decoding: Task<[[ScannedEvent]], any Error>?
        defer { decoding?.cancel() }
        while true {
            let window = try readWindow(after: &after, pages: windowSize, pageSize: max(1, pageSize))
            if let previous = decoding {
                for page in try await previous.value { try body(page) }
                decoding = nil
            }
            if window.isEmpty { return }
            decoding = Task { try await self.decode(window, skippingOpenEndedValues: skippingOpenEndedValues) }
        }
    }

    /// Up to `pages` consecutive pages of raw records after `after`, which is moved past them.
    private func readWindow(after: inout Int64, pages: Int, pageSize: Int) throws -> [[EventRecord]] {
        var window: [[EventRecord]] = []
        while window.count < pages {
            let page = try store.records(after: after, limit: pageSize)
            guard let last = page.last else { break }
            window.append(page)
            after = last.seq
        }
        return window
    }

    /// Decompresses and decodes the pages concurrently, keeping their order.
    private func decode(_ window: [[EventRecord]], skippingOpenEndedValues skip: Bool) async throws -> [[ScannedEvent]] {
        try await withThrowingTaskGroup(of: (Int, [ScannedEvent]).self) { group in
            for (index, page) in window.enumerated() {
                group.addTask {
                    (index, try self.storedEvents(page).map { ScannedEvent(stored: $0, event: try $0.decoded(skippingOpenEndedValues: skip)) })
                }
            }
            var results = [[ScannedEvent]](repeating: [], count: window.count)
            for try await (index, events) in group { results[index] = events }
            return results
        }
    }
}
