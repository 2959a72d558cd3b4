import Foundation

/// Runs the real `routeledger` executable, built next to the test bundle by `swift build --build-tests`.
struct CommandLineRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let executable: URL

    init() throws {
        var candidates: [URL] = []
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: resolved).deletingLastPathComponent())
        }
        let argument = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argument.deletingLastPathComponent())
        guard let found = candidates.map({ $0.appendingPathComponent("routeledger") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else {
            throw CommandLineError(message: "routeledger was not found in \(candidates.map(\.path)); run `swift build --build-tests`")
        }
        executable = found
    }

    /// Runs `routeledger arguments…` to completion, with `input` (or nothing) on standard input
    /// and `environment` added to this process's.
    func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) throws -> Output {
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

struct CommandLineError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
