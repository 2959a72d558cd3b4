import Foundation

/// An event about to be appended: everything but the `seq` and `hash` the ledger assigns.
public struct NewEvent: Sendable {
    public var eventID: UUID
    public var requestID: String
    public var timestamp: Int64
    public var event: LedgerEvent

    /// An event for `requestID`, stamped now (or at `timestamp`, in ms since the epoch, e.g. for imports).
    public init(requestID: String, event: LedgerEvent, timestamp: Int64 = Clock.nowMilliseconds(), eventID: UUID? = nil) {
        self.eventID = eventID ?? UUIDv7.make(milliseconds: timestamp)
        self.requestID = requestID
        self.timestamp = timestamp
        self.event = event
    }
}
