import CSQLite
import Foundation

/// Folds the write-ahead log back into the database file on its own thread and connection.
///
/// SQLite's default runs checkpoints inside the commit that crosses the threshold, which stalls
/// the single writer (measured ~25% of its throughput here). The writer's WAL hook only signals
/// this thread; checkpoints are PASSIVE, so they never block the writer or readers. Should the
/// WAL still grow past `hardLimitPages`, the writer checkpoints itself, bounding the file.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: SQLiteConnection
    private let thresholdPages: Int32
    private let hardLimitPages: Int32
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var stopped = false

    init(path: String, thresholdPages: Int32 = 4_000) throws {
        connection = try SQLiteConnection(path: path, mode: .readWrite)
        self.thresholdPages = thresholdPages
        hardLimitPages = thresholdPages * 16
        let thread = Thread { [self] in
            Thread.current.name = "wal-checkpoint"
            run()
        }
        thread.start()
    }

    /// Registers the hook on the writer's connection. The checkpointer must outlive the registration.
    func attach(to writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, { context, database, _, pages in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if pages >= checkpointer.hardLimitPages {
                sqlite3_wal_checkpoint_v2(database, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else if pages >= checkpointer.thresholdPages {
                checkpointer.request()
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the hook from the writer's connection.
    func detach(from writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, nil, nil)
    }

    /// Asks the thread to stop, without waiting (for a store dropped unclosed).
    func requestStop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after any checkpoint in progress.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while !requested, !stopping { condition.wait() }
            if stopping {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            requested = false
            condition.unlock()
            sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }
}
