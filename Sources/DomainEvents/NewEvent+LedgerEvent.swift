import Foundation
import Ledger

extension NewEvent {
    /// One of routeledger's events for `requestID`, stamped now (or at `timestamp`, in ms since
    /// the epoch, e.g. for imports).
    public init(requestID: String, event: LedgerEvent, timestamp: Int64 = UnixTime.nowMilliseconds(), eventID: UUID? = nil) {
        self.init(requestID: requestID, body: event, timestamp: timestamp, eventID: eventID)
    }

    /// The payload as one of routeledger's events (every event routeledger builds is one).
    public var event: LedgerEvent? { body as? LedgerEvent }
}
