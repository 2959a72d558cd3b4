import Foundation

/// What every `routeledger-bench …` command does around its benchmark: a scratch folder removed
/// afterwards, progress lines on standard error (not with `--json`), and the result printed as
/// JSON or as the command's table.
struct BenchmarkSession {
    /// `--json`: the result as JSON on standard output, and no progress lines.
    var json: Bool

    /// Runs `body` with a new scratch folder and the progress printer, then prints its result.
    func run<Result: Encodable>(
        table: (Result) -> String, _ body: (_ directory: URL, _ progress: (String) -> Void) async throws -> Result
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("routeledger-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let quiet = json
        let result = try await body(directory) { line in
            if !quiet { FileHandle.standardError.write(Data("· \(line)\n".utf8)) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(table(result))
        }
    }
}
