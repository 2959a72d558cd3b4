import Ledger

/// One record of another system's log as the events that stand for it in the ledger.
public struct ImportedRecord: Sendable {
    /// The request id the events share, derived from the record's line (see
    /// ``LLMCompassRecord/requestID(line:occurrence:)``), so importing the same line again finds it.
    public var requestID: String
    /// The record's line in the file (1-based).
    public var line: Int
    /// The events, in order, each at the record's own timestamp.
    public var events: [NewEvent]
}
