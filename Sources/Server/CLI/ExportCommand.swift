import Analytics
import ArgumentParser
import Foundation
import Ledger

/// `routeledger export`: writes the ledger's requests as another router's call log.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the ledger's requests as llm-compass records, one JSON object per line.",
        discussion: """
            Writes {timestamp, request, routing, llm} for each succeeded request received in [--since, \
            --until), oldest first; an imported request comes back exactly as it was imported. Failed \
            requests are left out: llm-compass logs successful calls only. The stats projection is \
            caught up first.
            """
    )

    @OptionGroup var location: ProjectedLedgerLocation

    @Option(help: "The records' format.")
    var format: InterchangeFormat

    @Option(help: "Only requests received at or after this time (ISO-8601 or epoch seconds).")
    var since: String?

    @Option(help: "Only requests received before this time (ISO-8601 or epoch seconds).")
    var until: String?

    @Option(help: "Write to this file (replaced) instead of standard output, and print a summary.")
    var output: String?

    func run() async throws {
        let filter: StatsFilter
        do {
            filter = try StatsFilter.parse(since: since, until: until, model: nil)
        } catch {
            throw CommandLineInputError(message: error.message)
        }
        let summary = try await location.open(readOnly: true).using { ledger in
            let projector = try StatsProjector(ledger: ledger, store: try location.projectionStore())
            let catchingUp = ProgressBar(label: "catch up", total: try await ledger.head()?.seq ?? 0)
            try await projector.catchUp { catchingUp.update($0) }
            catchingUp.finish()
            let destination = try output.map(Self.create) ?? FileHandle.standardOutput
            var bar: ProgressBar?
            defer { bar?.finish() }
            return try await LLMCompassExporter(projector: projector).export(since: filter.since, until: filter.until) { done, total in
                if bar == nil { bar = ProgressBar(label: "export", total: Int64(total)) }
                bar?.update(Int64(done))
            } write: { bytes in
                try destination.write(contentsOf: bytes)
            }
        }
        if let output {
            let leftOut = summary.failedLeftOut == 0 ? "" : " (\(summary.failedLeftOut) failed left out)"
            print("exported \(summary.exported) record\(summary.exported == 1 ? "" : "s") to \(output)\(leftOut)")
        }
    }

    /// The file at `path`, created or emptied for writing.
    private static func create(_ path: String) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CommandLineInputError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
