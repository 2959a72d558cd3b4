import NIOPosix

/// Runs the tasks that prefer it on NIO's blocking-I/O thread pool instead of Swift's cooperative
/// threads. Reads of the ledger and the projection store (SQLite calls that block) and the
/// CPU-heavy folds over them — audits, raw pages, replays — run here, so they never take one of
/// this machine's two cooperative threads from the gateway, `/stats` or the projection follower.
///
/// Hand-written because NIO (2.101) offers its thread pool only for synchronous closures, while
/// these reads are async functions that also hop to the projector actor; a `TaskExecutor` keeps
/// them whole: `try await withTaskExecutorPreference(BlockingReadExecutor.shared) { … }`.
final class BlockingReadExecutor: TaskExecutor {
    /// The executor on NIO's shared blocking pool (one thread per core).
    static let shared = BlockingReadExecutor(pool: .singleton)

    private let pool: NIOThreadPool

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }
}
