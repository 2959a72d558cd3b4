import Foundation

/// A ledger of imported history, built the way a user brings llm-compass's log in: a seeded
/// year of it written as `call_history.jsonl` (``LLMCompassHistory``), then
/// `routeledger import --format llm-compass --json` into a new ledger.
struct ImportedHistory {
    var ledgerPath: String
    var jsonLinesPath: String
    var jsonLinesBytes: Int
    var generateSeconds: Double
    /// Records and events the import reports it added.
    var importedRecords: Int
    var importedEvents: Int
    /// The import command's wall time.
    var importSeconds: Double

    /// Writes `requests` records to `directory/call_history.jsonl` and imports them into
    /// `directory/history.sqlite`; an error unless every record was imported.
    init(requests: Int, directory: URL, routeledger: RouteledgerCLI, log progress: (String) -> Void) async throws {
        jsonLinesPath = directory.appendingPathComponent("call_history.jsonl").path
        ledgerPath = directory.appendingPathComponent("history.sqlite").path
        progress("writing \(requests) llm-compass records over one year to call_history.jsonl")
        let started = ContinuousClock.now
        jsonLinesBytes = try LLMCompassHistory.write(count: requests, to: jsonLinesPath)
        generateSeconds = (ContinuousClock.now - started).seconds

        progress("routeledger import --format llm-compass (\(jsonLinesBytes / 1_000_000) MB)")
        let (output, seconds) = try await routeledger.run(
            ["import", "--format", "llm-compass", "--json", "--ledger", ledgerPath, jsonLinesPath])
        let summary = try RouteledgerCLI.jsonObject(output, "import --json")
        importedRecords = summary["imported"] as? Int ?? 0
        importedEvents = summary["events"] as? Int ?? 0
        importSeconds = seconds
        guard importedRecords == requests else {
            throw BenchError("import added \(importedRecords) of \(requests) records: \(String(decoding: output, as: UTF8.self))")
        }
    }
}
