import ArgumentParser
import Foundation

/// The `main` of routeledger's executables: parses the command line and runs the command; an
/// error is one line on standard error, prefixed with the tool's name, and a non-zero exit
/// (ArgumentParser's own `main` would add the usage text); help and version print as usual.
public enum CommandLineEntry {
    /// Runs `Root` on the process's arguments and exits.
    public static func run<Root: ParsableCommand>(_ root: Root.Type, toolName: String) async -> Never {
        do {
            var command = try Root.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            let code = Root.exitCode(for: error)
            if code == .success { Root.exit(withError: error) }
            let message = Root.message(for: error)
            if !message.isEmpty {
                let line = message.split(separator: "\n").first.map(String.init) ?? message
                FileHandle.standardError.write(Data("\(toolName): \(line)\n".utf8))
            }
            exit(code.rawValue)
        }
    }
}
