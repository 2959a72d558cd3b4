import Analytics
import ArgumentParser
import CanonicalJSON
import Foundation
import Ledger

/// `routeledger raw`: a page of raw records, newest first (the `/stats/raw` answer).
struct RawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raw",
        abstract: "Print a page of raw records (one per ended request), newest first.",
        discussion: """
            Records are built from each request's events, in llm-compass's shape {timestamp, request, routing, \
            llm} plus request_id, seq, status and failure. --offset slices the newest-first list; --cursor \
            continues from a previous page's next_cursor without skipping or repeating records.
            """
    )

    @OptionGroup var location: ProjectedLedgerLocation

    @Option(help: "Records per page (at most \(RawPageQuery.maximumLimit)).")
    var limit: String?

    @Option(help: "Records to skip, newest first.")
    var offset: String?

    @Option(help: "Continue after the page that gave this next_cursor.")
    var cursor: String?

    @Flag(help: "Print the /stats/raw answer as JSON.")
    var json = false

    func run() async throws {
        let query: RawPageQuery
        do {
            query = try RawPageQuery.parse(limit: limit, offset: offset, cursor: cursor)
        } catch {
            throw CommandLineInputError(message: error.message)
        }
        let page = try await location.open(readOnly: true).using { ledger in
            let projector = try StatsProjector(ledger: ledger, store: try location.projectionStore())
            let bar = ProgressBar(label: "raw", total: try await ledger.head()?.seq ?? 0)
            defer { bar.finish() }
            try await projector.catchUp { bar.update($0) }
            return try await projector.rawPage(query)
        }
        if json {
            print(String(decoding: page.encoded(), as: UTF8.self))
        } else {
            print(Self.text(page))
        }
    }

    static func text(_ page: RawRecordPage) -> String {
        var lines = page.records.map { record -> String in
            func field(_ section: String, _ key: String) -> String {
                guard case .object(let fields)? = record[section], let value = fields[key] else { return "-" }
                switch value {
                case .string(let text): return text
                case .int(let number): return String(number)
                case .double(let number): return String(format: "%.6g", number)
                default: return "-"
                }
            }
            let model = field("llm", "model") == "-" ? field("routing", "chosen_model") : field("llm", "model")
            return [
                record["time"]?.stringValue ?? "-", record["request_id"]?.stringValue ?? "-",
                record["status"]?.stringValue ?? "-", model, field("routing", "tier"),
                "$" + field("llm", "cost_usd"), field("llm", "llm_latency_ms") + " ms",
            ].joined(separator: "  ")
        }
        let shown = page.records.isEmpty ? "none" : "\(page.offset + 1)–\(page.offset + page.records.count)"
        lines.append("records \(shown) of \(page.total)" + (page.nextCursor.map { "; next: --cursor \($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }
}
