import CSQLite
import Foundation
import Synchronization

/// Folds the write-ahead log back into the database file, mostly on its own thread.
///
/// SQLite's default runs each checkpoint inside the commit that crosses the threshold, which
/// stalls the single writer (measured ~25% of its throughput here). Here the writer's WAL hook
/// only signals this thread, which copies frames with PASSIVE checkpoints on its own connection,
/// never blocking the writer or readers. But a checkpoint from another connection cannot catch
/// up with a writer that keeps appending, and SQLite restarts the WAL from its beginning only once
/// every frame was copied; a WAL that never restarts keeps growing into new file blocks, which the
/// kernel must zero (measured as the writer's largest cost). So when this thread has copied all but
/// a few frames, the writer copies the rest itself between two commits (cheap) and the WAL restarts.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: SQLiteConnection
    private let thresholdFrames: Int32
    /// At most this many uncopied frames are left for the writer to copy itself.
    private let catchUpFrames: Int32
    /// Past this size the writer checkpoints itself whatever the cost, bounding the WAL.
    private let hardLimitFrames: Int32
    /// Frames of the current WAL the background thread has copied (its last checkpoint's count).
    private let copiedFrames = Atomic<Int32>(0)
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var stopped = false

    init(path: String, thresholdFrames: Int32 = 2_000) throws {
        connection = try SQLiteConnection(path: path, mode: .readWrite)
        self.thresholdFrames = thresholdFrames
        catchUpFrames = max(64, thresholdFrames / 8)
        hardLimitFrames = thresholdFrames * 16
        let thread = Thread { [self] in
            Thread.current.name = "wal-checkpoint"
            run()
        }
        thread.start()
    }

    /// Registers the hook on the writer's connection. The checkpointer must outlive the registration.
    func attach(to writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, { context, database, _, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().walGrew(database, to: frames)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the hook from the writer's connection.
    func detach(from writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, nil, nil)
    }

    /// Called on the writer thread after each commit, with the WAL's size in frames.
    private func walGrew(_ database: OpaquePointer?, to frames: Int32) {
        guard frames >= thresholdFrames else { return }
        var copied = copiedFrames.load(ordering: .relaxed)
        // A count from before the WAL last restarted says nothing about this one.
        if copied > frames { copied = 0 }
        if frames - copied <= catchUpFrames || frames >= hardLimitFrames {
            sqlite3_wal_checkpoint_v2(database, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            copiedFrames.store(0, ordering: .relaxed)
        } else {
            request()
        }
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
            var logFrames: Int32 = 0
            var checkpointedFrames: Int32 = 0
            sqlite3_wal_checkpoint_v2(
                connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointedFrames)
            copiedFrames.store(checkpointedFrames, ordering: .relaxed)
        }
    }
}
