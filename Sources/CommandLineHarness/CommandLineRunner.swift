import Foundation
internal import Subprocess
internal import SystemPackage

/// Runs one of the package's real executables (`routeledger`, `routeledger-bench`) to completion,
/// as a person would from the shell.
public struct CommandLineRunner: Sendable {
    /// What the program left behind.
    public struct Output: Sendable {
        /// The exit code, or the number of the signal that killed the program (``Termination/status``).
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

    /// Runs the program with `arguments` to completion, with `input` on standard input (empty
    /// without) and `environment` added to this process's; standard output and standard error are
    /// read whole, side by side, so a full pipe never blocks the program.
    ///
    /// Asynchronous from start to end (swift-subprocess): while the program runs, no thread of the
    /// cooperative pool waits for it, so a test may await a program that talks to a server in the
    /// same process (a stub) without starving that server.
    public func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) async throws -> Output {
        _ = brokenPipesAreErrors
        let result = try await Subprocess.run(
            .path(FilePath(executable.path)), arguments: Arguments(arguments),
            environment: .inherit(adding: environment), input: .inputWriter,
            output: .string(limit: .max), error: .string(limit: .max)
        ) { execution in
            // A program may end without reading all of its input (a usage error, say): what it
            // leaves unread is its own business, not a failure of the run.
            if let input { _ = try? await execution.standardInputWriter.write(input) }
            try? await execution.standardInputWriter.finish()
        }
        return Output(
            status: Termination(result.terminationStatus).status, stdout: result.standardOutput,
            stderr: result.standardError)
    }
}

/// Makes a write to a program that has already ended (the rest of its standard input) fail with
/// EPIPE, which ``CommandLineRunner/run(_:input:environment:)`` ignores, instead of killing this
/// process with SIGPIPE; SwiftNIO does the same once it opens a socket. The programs run are not
/// affected: swift-subprocess starts them with every signal at its default.
private let brokenPipesAreErrors: Void = {
    _ = signal(SIGPIPE, SIG_IGN)
}()

/// A program that could not be found or run, with the reason.
public struct CommandLineError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
