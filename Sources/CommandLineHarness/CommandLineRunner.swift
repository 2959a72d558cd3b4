import Foundation

/// Runs one of the package's real executables (`routeledger`, `routeledger-bench`) to completion,
/// as a person would from the shell.
public struct CommandLineRunner {
    /// What the program left behind.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The program run.
    public let executable: URL

    /// Runs the executable `name` built beside this process (see ``BuiltExecutable``).
    public init(_ name: String = "routeledger") throws {
        executable = try BuiltExecutable.named(name)
    }

    /// ``run(_:input:environment:)`` waited for on a Dispatch thread, not a cooperative one: for a
    /// test whose program talks to a server in the same process (a stub), which a blocked
    /// cooperative pool could not serve.
    public func runWhileServing(
        _ arguments: [String], input: Data? = nil, environment: [String: String] = [:]
    ) async throws -> Output {
        let executable = executable
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try CommandLineRunner(executable: executable).run(arguments, input: input, environment: environment)
                })
            }
        }
    }

    private init(executable: URL) {
        self.executable = executable
    }

    /// Runs the program with `arguments` to completion, with `input` (or nothing) on standard input
    /// and `environment` added to this process's.
    public func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            // Written on another thread: the child may fill its output pipe before it reads all of it.
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(input)
                try? writer.close()
            }
        }
        // Drain standard error on another thread while reading standard output here, so a
        // full pipe can never block the child.
        let errorOutput = PipeDrain(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errorOutput.wait(), as: UTF8.self))
    }
}

/// Reads a pipe to its end on a background thread.
private final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// A program that could not be found or run, with the reason.
public struct CommandLineError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
