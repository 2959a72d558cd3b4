import Foundation

/// The package's executables as the build leaves them: side by side in one bin directory
/// (`.build/debug`, `.build/release`), where the test bundle and the benchmarks find the programs
/// they run.
public enum BuiltExecutable {
    /// The executable `name` in this process's own directory (or that of `argv[0]`); an error
    /// naming where it looked when there is none.
    public static func named(_ name: String) throws -> URL {
        var candidates: [URL] = []
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: resolved).deletingLastPathComponent())
        }
        let argument = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argument.deletingLastPathComponent())
        guard let found = candidates.map({ $0.appendingPathComponent(name) })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else {
            throw CommandLineError(message: "\(name) was not found in \(candidates.map(\.path)); build it first (`swift build`)")
        }
        return found
    }
}
