import Foundation

extension Ledger {
    /// Reads every event after `seq` in order, decompressing pages and turning each event into a
    /// value with `decode` on all cores, and hands each page to `body` in seq order. For
    /// rebuilding projections and full exports.
    ///
    /// Pages are read from the store one window after another (SQLite reads are cheap); their
    /// payloads, the expensive part, are decompressed and decoded concurrently, one task per page,
    /// while the next window is being read.
    public func scan<Decoded: Sendable>(
        after seq: Int64 = 0, pageSize: Int = 4_096, decode: @escaping @Sendable (StoredEvent) throws -> Decoded,
        body: ([Decoded]) throws -> Void
    ) async throws {
        // Reads, decoding and the fold on the blocking pool's threads (see ``BlockingReadExecutor``).
        try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
            try await scanPages(after: seq, pageSize: pageSize, decode: decode, body: body)
        }
    }

    private func scanPages<Decoded: Sendable>(
        after seq: Int64, pageSize: Int, decode: @escaping @Sendable (StoredEvent) throws -> Decoded,
        body: ([Decoded]) throws -> Void
    ) async throws {
        // Twice as many pages as cores: the fold of one window overlaps the decoding of the next.
        let windowSize = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)
        var after = seq
        var decoding: Task<[[Decoded]], any Error>?
        defer { decoding?.cancel() }
        while true {
            let window = try await readWindow(after: after, pages: windowSize, pageSize: max(1, pageSize))
            if let last = window.last?.last { after = last.seq }
            if let previous = decoding {
                for page in try await previous.value { try body(page) }
                decoding = nil
            }
            if window.isEmpty { return }
            decoding = Task(executorPreference: BlockingReadExecutor.shared) { try await self.decode(window, with: decode) }
        }
    }

    /// Up to `pages` consecutive pages of raw records after `seq`.
    private func readWindow(after seq: Int64, pages: Int, pageSize: Int) async throws -> [[EventRecord]] {
        var window: [[EventRecord]] = []
        var after = seq
        while window.count < pages {
            let page = try await store.records(after: after, limit: pageSize)
            guard let last = page.last else { break }
            window.append(page)
            after = last.seq
        }
        return window
    }

    /// Decompresses and decodes the pages concurrently, keeping their order.
    private func decode<Decoded: Sendable>(
        _ window: [[EventRecord]], with decode: @escaping @Sendable (StoredEvent) throws -> Decoded
    ) async throws -> [[Decoded]] {
        try await withThrowingTaskGroup(of: (Int, [Decoded]).self) { group in
            for (index, page) in window.enumerated() {
                group.addTask { (index, try await self.storedEvents(page).map(decode)) }
            }
            var results = [[Decoded]](repeating: [], count: window.count)
            for try await (index, events) in group { results[index] = events }
            return results
        }
    }
}
