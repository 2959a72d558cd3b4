import NIOCore

/// Runs a task's jobs on one NIO event loop: the appends' task runs on the thread that reads and
/// writes their connection, so awaiting PostgreSQL's answer resumes on that same thread instead
/// of waking one thread to send and another to go on (each wake-up costs tens of µs on a busy
/// machine).
///
/// Written by hand because SwiftNIO 2.101 makes an event loop an actor's `SerialExecutor` but not
/// a `TaskExecutor`, which is what a task's executor preference (SE-0417) takes, and which
/// postgres-nio's nonisolated async methods then run on.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
