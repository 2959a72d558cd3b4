import Foundation
import Ledger
import Testing

/// Reads that block (SQLite) run on NIO's blocking thread pool through ``BlockingReadExecutor``,
/// actor-isolated parts included, never on Swift's cooperative threads.
@Suite struct BlockingReadExecutorTests {
    /// An actor like the projector: default executor, so it runs where its caller's task prefers.
    private actor Counter {
        var value = 0
        func increment() -> (value: Int, thread: String) {
            value += 1
            return (value, Thread.current.name ?? "")
        }
    }

    @Test func tasksPreferringItRunOnNIOsThreadPoolAndSoDoTheActorsTheyCall() async throws {
        let counter = Counter()
        let seen = await withTaskExecutorPreference(BlockingReadExecutor.shared) {
            let before = Self.threadName()
            let inActor = await counter.increment()
            return (before, inActor.thread, Self.threadName())
        }
        #expect(seen.0.contains("TP-#"), "\(seen.0)")
        #expect(seen.1.contains("TP-#"), "\(seen.1)")
        #expect(seen.2.contains("TP-#"), "\(seen.2)")
        // Without the preference, the same code runs on the cooperative pool.
        let cooperative = await Task.detached { Self.threadName() }.value
        #expect(!cooperative.contains("TP-#"))
        #expect(await counter.value == 1)
    }

    /// The name of the thread the caller runs on (NIO's pools name their threads `…TP-#n`).
    private static func threadName() -> String {
        Thread.current.name ?? ""
    }

    /// The SQLite store's reads run on the pool even for a caller on the cooperative pool.
    @Test func theSQLiteStoresReadsRunOnNIOsThreadPool() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            let caller = await Task.detached { Self.threadName() }.value
            let reader = try await ledger.store.withMerkleNodes { _ in Self.threadName() }
            #expect(!caller.contains("TP-#"), "\(caller)")
            #expect(reader.contains("TP-#"), "\(reader)")
            await ledger.close()
        }
    }

    @Test func manyConcurrentTasksAllFinish() async throws {
        let total = await withTaskExecutorPreference(BlockingReadExecutor.shared) {
            await withTaskGroup(of: Int.self) { group in
                for index in 1...200 { group.addTask { index } }
                return await group.reduce(0, +)
            }
        }
        #expect(total == 200 * 201 / 2)
    }
}
