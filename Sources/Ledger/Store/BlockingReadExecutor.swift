import NIOPosix

/// Runs the tasks that prefer it on NIO's blocking-I/O thread pool instead of Swift's cooperative
/// threads. The SQLite store's reads run here (see ``SQLiteEventStore``), and so do the readers
/// that make many of them in a row — a verification, a scan, an audit, a raw page — so that their
/// reads and the work on what was read stay on one thread: handing every page from a pool thread
/// to a cooperative thread cost a scan a fifth of its speed (glibc's allocator pays for memory
/// allocated on one thread and freed on another).
///
/// Hand-written because NIO (2.101) offers its thread pool only for synchronous closures, while
/// these readers are async functions; a `TaskExecutor` keeps them whole:
/// `try await withTaskExecutorPreference(BlockingReadExecutor.shared) { … }`.
public final class BlockingReadExecutor: TaskExecutor {
    /// The executor on NIO's shared blocking pool (one thread per core).
    public static let shared = BlockingReadExecutor(pool: .singleton)

    private let pool: NIOThreadPool

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }
}
