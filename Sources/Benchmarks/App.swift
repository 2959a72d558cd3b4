import ArgumentParser
import Foundation

@main
struct App {
    /// Parses the command line and runs the benchmark. Errors are one line on standard error
    /// with a non-zero exit, as `routeledger`'s are; help prints as usual.
    static func main() async {
        do {
            var command = try BenchCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = BenchCommand.exitCode(for: error)
            if code == .success { BenchCommand.exit(withError: error) }
            let message = BenchCommand.message(for: error)
            if !message.isEmpty {
                let line = message.split(separator: "\n").first.map(String.init) ?? message
                FileHandle.standardError.write(Data("routeledger-bench: \(line)\n".utf8))
            }
            exit(code.rawValue)
        }
    }
}
