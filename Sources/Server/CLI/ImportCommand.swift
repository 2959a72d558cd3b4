import Analytics
import ArgumentParser
import Foundation
import Router

/// `routeledger import`: appends another router's call log to the ledger as events.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append llm-compass's call history (data/call_history.jsonl) to the ledger as events.",
        discussion: """
            Each record {timestamp, request, routing, llm} becomes request.received, routing.decided and \
            completion.succeeded at the record's own timestamp. Lines that are not records are skipped and \
            named on standard error ('line 7: skipped: …'); the summary goes to standard output and the exit \
            status is 0 once the file was read. Importing the same file again adds nothing; importing it after \
            lines were appended adds only those. The ledger is created when missing. The features the live \
            router records (token count, classification, fingerprint) are derived from each record's messages \
            and stored beside llm-compass's own, so imported requests replay under every strategy; a record \
            that named a model of the catalog keeps it in replays. The ledger trains its compression \
            dictionary during the import once it holds enough events.
            """
    )

    @OptionGroup var location: LedgerLocation

    @Option(help: "The file's format.")
    var format: InterchangeFormat

    @Option(help: "The configuration (YAML) whose catalog and routing derive the features; the built-in one when absent.")
    var config: String?

    @Argument(help: "The file to import.")
    var file: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        try LLMCompassImporter.checkReadable(fileAtPath: file)
        let settings = try config.map(RouteledgerConfig.load(path:)) ?? .builtIn
        let deriver = ImportFeatureDeriver(router: RequestRouter(config: settings))
        let summary = try await location.open(createIfMissing: true, autoTrain: true).using { ledger in
            var bar: ProgressBar?
            defer { bar?.finish() }
            return try await LLMCompassImporter(ledger: ledger, deriver: deriver).importFile(atPath: file) { bytesRead, fileSize in
                if bar == nil { bar = ProgressBar(label: "import", total: fileSize) }
                bar?.update(bytesRead)
            }
        }
        for line in summary.malformed {
            FileHandle.standardError.write(Data("line \(line.line): skipped: \(line.reason)\n".utf8))
        }
        if json {
            try printJSON(summary)
        } else {
            print(summary.text)
        }
    }
}
