import CanonicalJSON

/// Writes the ledger's requests back as llm-compass's `call_history.jsonl`: one record
/// `{timestamp, request, routing, llm}` per line, as ``RawRecord/llmCompassRecord(_:)`` renders it —
/// for an imported request, exactly the record that was imported.
///
/// Only succeeded requests are written: llm-compass logs successful calls only, and its loader
/// expects every record to have an `llm` section.
public struct LLMCompassExporter: Sendable {
    /// The stats projection, whose stored requests list what ended and when it was received.
    public let projector: StatsProjector

    public init(projector: StatsProjector) {
        self.projector = projector
    }

    /// Catches the projection up, then writes the records of the requests received in
    /// [`since`, `until`) (Unix ms; nil: unbounded), oldest first, as JSON lines with sorted keys.
    /// `write` gets whole lines, about 64 KiB at a time; `progress` the requests done and their number.
    public func export(
        since: Int64? = nil, until: Int64? = nil, progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
        write: ([UInt8]) throws -> Void
    ) async throws -> ExportSummary {
        try await projector.catchUp()
        var summary = ExportSummary()
        var output: [UInt8] = []
        output.reserveCapacity(80 * 1_024)
        let requestIDs = try projector.store.requestIDs(receivedSince: since, until: until)
        for (index, requestID) in requestIDs.enumerated() {
            if index % 1_000 == 0 { progress?(index, requestIDs.count) }
            guard let history = try await RequestHistory.load(requestID, from: projector.ledger) else { continue }
            guard history.succeeded != nil else {
                summary.failedLeftOut += 1
                continue
            }
            var writer = JSONWriter(capacity: 4_096)
            writer.write(.object(RawRecord.llmCompassRecord(history)))
            output += writer.bytes
            output.append(UInt8(ascii: "\n"))
            summary.exported += 1
            if output.count >= 64 * 1_024 {
                try write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        if !output.isEmpty { try write(output) }
        progress?(requestIDs.count, requestIDs.count)
        return summary
    }
}
