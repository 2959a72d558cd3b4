import Foundation

/// An event about to be appended: everything but the `seq` and `hash` the ledger assigns.
public struct NewEvent: Sendable {
    public var eventID: UUID
    public var requestID: String
    public var timestamp: Int64
    /// The typed payload, encoded when the event is prepared for storage.
    public var body: any EventBody

    /// An event for `requestID`, stamped now (or at `timestamp`, in ms since the epoch, e.g. for imports).
    public init(requestID: String, body: any EventBody, timestamp: Int64 = UnixTime.nowMilliseconds(), eventID: UUID? = nil) {
        self.eventID = eventID ?? UUIDv7.make(milliseconds: timestamp)
        self.requestID = requestID
        self.timestamp = timestamp
        self.body = body
    }
}
