import Analytics
import ArgumentParser
import Foundation
import Ledger

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
            lines were appended adds only those. The ledger is created when missing.
            """
    )

    @OptionGroup var location: LedgerLocation

    @Option(help: "The file's format.")
    var format: InterchangeFormat

    @Argument(help: "The file to import.")
    var file: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        try LLMCompassImporter.checkReadable(fileAtPath: file)
        let summary = try await location.open(createIfMissing: true).using { ledger in
            var bar: ProgressBar?
            defer { bar?.finish() }
            return try await LLMCompassImporter(ledger: ledger).importFile(atPath: file) { bytesRead, fileSize in
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
