import Foundation

/// The ledger's single writer: one dedicated thread that commits appends in groups.
///
/// Appends from any number of tasks queue up while the previous transaction commits and are
/// then written together in one transaction (at most `maxBatchEvents` events), so the cost of a
/// commit is shared. An append is resumed only after its transaction committed. When more than
/// `maxQueuedEvents` wait, further appenders stay suspended until the writer catches up
/// (back-pressure), so memory stays bounded by the number of appenders.
///
/// A dedicated thread rather than an actor: SQLite calls block, and blocking one of the two
/// cooperative threads of this machine would stall the whole server.
final class GroupCommitWriter: @unchecked Sendable {
    /// Writes the appends, in order, in one transaction; returns each append's receipts.
    typealias Commit = ([[PreparedEvent]]) throws -> [[EventReceipt]]

    private enum Submission {
        case append([PreparedEvent], CheckedContinuation<[EventReceipt], any Error>)
        case job(() -> Void)

        var eventCount: Int {
            if case .append(let events, _) = self { return events.count }
            return 0
        }
    }

    private let condition = NSCondition()
    private var queue: [Submission] = []
    private var queueStart = 0
    private var queuedEvents = 0
    private var parked: [Submission] = []
    private var stopping = false
    private var finished = false
    private var finishWaiters: [CheckedContinuation<Void, Never>] = []

    private let commit: Commit
    private let maxBatchEvents: Int
    private let maxQueuedEvents: Int

    init(name: String, maxBatchEvents: Int, maxQueuedEvents: Int, commit: @escaping Commit) {
        self.commit = commit
        self.maxBatchEvents = max(1, maxBatchEvents)
        self.maxQueuedEvents = max(1, maxQueuedEvents)
        let thread = Thread { [self] in
            Thread.current.name = name
            run()
        }
        thread.start()
    }

    /// Queues `events` as one atomic append and returns their receipts once committed.
    func append(_ events: [PreparedEvent]) async throws -> [EventReceipt] {
        if events.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            if stopping {
                continuation.resume(throwing: LedgerError(.closed, "the ledger is closed; the events were not written"))
                return
            }
            let submission = Submission.append(events, continuation)
            if parked.isEmpty, queuedEvents == 0 || queuedEvents + events.count <= maxQueuedEvents {
                enqueue(submission)
            } else {
                parked.append(submission)
            }
        }
    }

    /// Runs `body` on the writer thread, between two group commits, and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            if stopping {
                continuation.resume(throwing: LedgerError(.closed, "the ledger is closed"))
                return
            }
            enqueue(.job { continuation.resume(with: Result { try body() }) })
        }
    }

    /// Asks the thread to commit what is queued and stop, without waiting (for a store dropped unclosed).
    func requestStop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Commits everything already queued, then stops the thread.
    func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            defer { condition.unlock() }
            if finished {
                continuation.resume()
                return
            }
            stopping = true
            finishWaiters.append(continuation)
            condition.signal()
        }
    }

    /// Caller holds the lock.
    private func enqueue(_ submission: Submission) {
        queue.append(submission)
        queuedEvents += submission.eventCount
        condition.signal()
    }

    private func run() {
        while let work = nextWork() {
            switch work {
            case .job(let body):
                body()
            case .appends(let submissions):
                commitGroup(submissions)
            }
        }
    }

    private enum Work {
        case job(() -> Void)
        case appends([(events: [PreparedEvent], continuation: CheckedContinuation<[EventReceipt], any Error>)])
    }

    /// Waits for work and takes the next job, or the next group of appends.
    private func nextWork() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while queueStart == queue.count {
            if stopping {
                finished = true
                let waiters = finishWaiters
                finishWaiters = []
                for waiter in waiters { waiter.resume() }
                return nil
            }
            condition.wait()
        }
        if case .job(let body) = queue[queueStart] {
            queueStart += 1
            compactQueue()
            admitParked()
            return .job(body)
        }
        var group: [(events: [PreparedEvent], continuation: CheckedContinuation<[EventReceipt], any Error>)] = []
        var count = 0
        while queueStart < queue.count, case .append(let events, let continuation) = queue[queueStart],
              count == 0 || count + events.count <= maxBatchEvents {
            group.append((events, continuation))
            count += events.count
            queueStart += 1
        }
        queuedEvents -= count
        compactQueue()
        admitParked()
        return .appends(group)
    }

    /// Moves suspended appenders into the queue while there is room. Caller holds the lock.
    private func admitParked() {
        var admitted = 0
        for submission in parked {
            if queuedEvents > 0, queuedEvents + submission.eventCount > maxQueuedEvents { break }
            queue.append(submission)
            queuedEvents += submission.eventCount
            admitted += 1
        }
        if admitted > 0 { parked.removeFirst(admitted) }
    }

    /// Drops consumed entries once they dominate the array. Caller holds the lock.
    private func compactQueue() {
        if queueStart == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueStart = 0
        } else if queueStart > 1_024, queueStart * 2 > queue.count {
            queue.removeFirst(queueStart)
            queueStart = 0
        }
    }

    /// Commits a group in one transaction. If it fails, each append is retried alone, so one
    /// bad append cannot fail the others that happened to share its transaction.
    private func commitGroup(
        _ group: [(events: [PreparedEvent], continuation: CheckedContinuation<[EventReceipt], any Error>)]
    ) {
        do {
            let receipts = try commit(group.map(\.events))
            for (entry, receipts) in zip(group, receipts) {
                entry.continuation.resume(returning: receipts)
            }
        } catch {
            if group.count == 1 {
                group[0].continuation.resume(throwing: error)
                return
            }
            for entry in group {
                entry.continuation.resume(with: Result { try commit([entry.events])[0] })
            }
        }
    }
}
