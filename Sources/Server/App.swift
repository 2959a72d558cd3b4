import ArgumentParser
import Foundation

@main
struct App {
    /// Parses the command line and runs the command. Errors are one line on standard error
    /// with a non-zero exit (ArgumentParser would add the usage text); help and version print as usual.
    static func main() async {
        do {
            var command = try RouteLedgerCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = RouteLedgerCommand.exitCode(for: error)
            if code == .success { RouteLedgerCommand.exit(withError: error) }
            let message = RouteLedgerCommand.message(for: error)
            if !message.isEmpty {
                let line = message.split(separator: "\n").first.map(String.init) ?? message
                FileHandle.standardError.write(Data("routeledger: \(line)\n".utf8))
            }
            exit(code.rawValue)
        }
    }
}
