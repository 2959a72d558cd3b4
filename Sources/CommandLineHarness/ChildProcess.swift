import Foundation
internal import Subprocess
import Synchronization

/// A program started and stopped around a measurement or a test (nginx, `routeledger serve`),
/// with its first line of output and its peak memory.
///
/// It runs in a task of its own (swift-subprocess's `run`, which reaps it); its standard output is
/// read as it comes and kept for ``firstLine()`` and ``outputToEnd()``, and its standard error is
/// this process's. It starts with an empty signal mask and default signal handling, whatever this
/// process blocks or handles.
public final class ChildProcess: Sendable {
    /// The running program's process id (for /proc, or a signal sent mid-test).
    public let processIdentifier: Int32
    private let output: StandardOutputReader
    private let exit: Task<Termination, any Error>
    /// Set once `run` has returned: the program has ended and been reaped, so its process id may
    /// already name another process and must not be signalled.
    private let reaped: ReapedFlag

    /// Starts `arguments[0]` (looked up in PATH unless a path) with `environment` added, and
    /// returns once it runs; an error when it cannot be started.
    public init(_ arguments: [String], environment: [String: String] = [:]) async throws {
        precondition(!arguments.isEmpty, "a child process needs a program")
        let (chunks, chunkSink) = AsyncStream.makeStream(of: [UInt8].self)
        let (started, startedSink) = AsyncStream.makeStream(of: Int32.self)
        let reaped = ReapedFlag()
        let exit = Task {
            defer {
                reaped.set()
                chunkSink.finish()
                startedSink.finish()
            }
            let result = try await Subprocess.run(
                .named(arguments[0]), arguments: Arguments(Array(arguments.dropFirst())),
                environment: .inherit(adding: environment), input: .none, output: .sequence,
                error: .currentStandardError
            ) { execution in
                startedSink.yield(execution.processIdentifier.value)
                for try await buffer in execution.standardOutput {
                    chunkSink.yield(buffer.withUnsafeBytes { Array($0) })
                }
            }
            return Termination(result.terminationStatus)
        }
        var startedIterator = started.makeAsyncIterator()
        guard let processIdentifier = await startedIterator.next() else {
            _ = try await exit.value
            throw CommandLineError(message: "\(arguments[0]) ended before it started")
        }
        self.processIdentifier = processIdentifier
        self.exit = exit
        self.output = StandardOutputReader(chunks)
        self.reaped = reaped
    }

    /// The first line the program prints (the gateway prints where it listens), without its
    /// newline; what it printed before it ended when there is no newline.
    public func firstLine() async -> String {
        String(decoding: await output.line(), as: UTF8.self)
    }

    /// Everything the program prints on standard output from here, read until it exits, and how it ended.
    public func outputToEnd() async throws -> (termination: Termination, output: Data) {
        let data = Data(await output.rest())
        return (try await exit.value, data)
    }

    /// Peak and current resident memory in bytes, from Linux's /proc (`VmHWM`, `VmRSS`); zeros
    /// where there is no /proc.
    public func memory() -> (peak: Int, current: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(processIdentifier)/status", encoding: .utf8) else {
            return (0, 0)
        }
        func kilobytes(_ key: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1_024
        }
        return (kilobytes("VmHWM"), kilobytes("VmRSS"))
    }

    /// Waits for the program to end by itself (or by a signal sent to ``processIdentifier``); how it ended.
    public func waitForExit() async throws -> Termination {
        try await exit.value
    }

    /// Sends `signal` (SIGTERM by default) unless the program has already ended, then waits for
    /// the exit; how it ended. Stopping a stopped program only answers again.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) async throws -> Termination {
        if !reaped.isSet { kill(processIdentifier, signal) }
        return try await exit.value
    }

    /// `body`'s result, after which the program is stopped with `signal` and waited for, whether
    /// `body` returned or threw: the `defer { stop() }` that cannot be written, a `defer` being
    /// unable to wait.
    public func whileRunning<T>(stoppingWith signal: Int32 = SIGTERM, _ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        _ = try? await stop(signal: signal)
        return try result.get()
    }

    deinit {
        if !reaped.isSet { kill(processIdentifier, SIGKILL) }
    }
}

/// Whether a child process has been reaped; set once, read from any thread.
private final class ReapedFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
