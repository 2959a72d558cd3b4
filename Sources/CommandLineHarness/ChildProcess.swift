import Foundation

/// A program started and stopped around a measurement or a test (nginx, `routeledger serve`),
/// with its first line of output and its peak memory.
public final class ChildProcess {
    /// The running program.
    public let process = Process()
    private let output = Pipe()

    /// Starts `arguments[0]` (looked up in PATH unless a path) with `environment` added.
    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
    }

    /// The first line the program prints (the gateway prints where it listens).
    public func firstLine() -> String {
        var bytes: [UInt8] = []
        let handle = output.fileHandleForReading
        while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Everything the program prints on standard output, read until it exits, and its exit status.
    public func outputToEnd() -> (status: Int32, output: Data) {
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// Peak and current resident memory in bytes, from Linux's /proc (`VmHWM`, `VmRSS`); zeros
    /// where there is no /proc.
    public func memory() -> (peak: Int, current: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else {
            return (0, 0)
        }
        func kilobytes(_ key: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1_024
        }
        return (kilobytes("VmHWM"), kilobytes("VmRSS"))
    }

    /// Sends `signal` (SIGTERM by default), then waits for the exit; the exit status.
    ///
    /// nginx needs SIGKILL: children inherit this process's blocked SIGTERM, which its
    /// single-process mode never unblocks.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
