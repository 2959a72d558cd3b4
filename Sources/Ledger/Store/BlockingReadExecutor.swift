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

    /// Set on each pool thread that ran a job of this executor (never cleared: a pool thread stays one).
    private static let poolThreadMark = ThreadSpecificVariable<PoolThreadMark>()
    private static let mark = PoolThreadMark()

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in
            Self.poolThreadMark.currentValue = Self.mark
            job.runSynchronously(on: executor)
        }
    }

    /// Whether the caller runs on one of the pool's threads, where blocking is what they are for:
    /// a reader there calls SQLite directly rather than through `withTaskExecutorPreference`
    /// (which cost a `/stats/raw` page, one read per record, about 5 %).
    public static var isCurrentThreadInPool: Bool { poolThreadMark.currentValue != nil }
}

/// The value ``BlockingReadExecutor`` marks its threads with.
private final class PoolThreadMark: Sendable {}
