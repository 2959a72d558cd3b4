import CommandLineHarness
import Foundation

/// A routeledger executable's command line, run to its end as a user runs it from the shell.
struct RouteledgerCLI {
    /// The executable: the one beside routeledger-bench, or another build to compare with.
    var executable: String

    /// Runs `routeledger ARGUMENTS` with `environment` added: what it printed and its wall time;
    /// an error when it fails.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (output: Data, seconds: Double) {
        let started = ContinuousClock.now
        let child = try await ChildProcess(
            [executable] + arguments, environment: environment.merging(["LOG_LEVEL": "error"]) { $1 })
        let (termination, output) = try await child.outputToEnd()
        let seconds = (ContinuousClock.now - started).seconds
        guard termination == .exited(0) else {
            throw BenchError("routeledger \(arguments.joined(separator: " ")) ended with \(termination)")
        }
        return (output, seconds)
    }

    /// `output` (what a `--json` command printed, named `what` in the error) as a JSON object.
    static func jsonObject(_ output: Data, _ what: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw BenchError("\(what) printed no JSON object: \(String(decoding: output.prefix(300), as: UTF8.self))")
        }
        return object
    }
}
