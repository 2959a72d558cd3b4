import Ledger

/// A process's group commit to PostgreSQL: appends that arrive while a transaction commits wait,
/// and are then written together in the next one (at most `maxBatchEvents` events), so many
/// concurrent requests share one round of network trips and one WAL flush. An append is
/// answered only after its transaction committed.
actor PostgresAppendQueue {
    private typealias Waiting = (events: [PreparedEvent], continuation: CheckedContinuation<[EventReceipt], any Error>)

    private let appender: PostgresAppender
    private let maxBatchEvents: Int
    private var waiting: [Waiting] = []
    private var committing = false
    private var closed = false
    private var drained: [CheckedContinuation<Void, Never>] = []

    init(appender: PostgresAppender, maxBatchEvents: Int) {
        self.appender = appender
        self.maxBatchEvents = max(1, maxBatchEvents)
    }

    /// Queues `events` as one atomic append and returns their receipts once committed.
    func append(_ events: [PreparedEvent]) async throws -> [EventReceipt] {
        if events.isEmpty { return [] }
        if closed { throw LedgerError(.closed, "the ledger is closed; the events were not written") }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append((events, continuation))
            if !committing {
                committing = true
                // On the append connection's thread: the statement is sent, and its answer read and
                // acted on, without waking another thread in between.
                Task(executorPreference: appender.connection.executor) { await self.commitWaiting() }
            }
        }
    }

    /// Commits what is queued, then refuses further appends and closes the append connection.
    func close() async {
        closed = true
        if committing {
            await withCheckedContinuation { drained.append($0) }
        }
        await appender.connection.close()
    }

    private func commitWaiting() async {
        while !waiting.isEmpty {
            var count = 0
            var taken = 0
            while taken < waiting.count, count == 0 || count + waiting[taken].events.count <= maxBatchEvents {
                count += waiting[taken].events.count
                taken += 1
            }
            let group = Array(waiting.prefix(taken))
            waiting.removeFirst(taken)
            await commit(group)
        }
        committing = false
        for continuation in drained { continuation.resume() }
        drained = []
    }

    /// Commits a group in one transaction. When that fails, each append is settled alone: found
    /// already stored (the commit succeeded but its answer was lost), else written by itself — so
    /// one bad append cannot fail the others, and none is written twice (event ids are unique).
    private func commit(_ group: [Waiting]) async {
        do {
            let receipts = try await appender.commit(group.map(\.events))
            for (entry, receipts) in zip(group, receipts) { entry.continuation.resume(returning: receipts) }
        } catch {
            for entry in group {
                do {
                    if let stored = try await appender.alreadyStored(entry.events) {
                        entry.continuation.resume(returning: stored)
                    } else if group.count == 1 {
                        entry.continuation.resume(throwing: error)
                    } else {
                        entry.continuation.resume(returning: try await appender.commit([entry.events])[0])
                    }
                } catch {
                    entry.continuation.resume(throwing: error)
                }
            }
        }
    }
}
