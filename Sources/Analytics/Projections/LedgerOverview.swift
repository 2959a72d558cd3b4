import DomainEvents
import Ledger

/// What a ledger holds: event counts by type, routed requests, and the time span covered.
///
/// A pure fold over events (`apply` one event at a time), so it can be built by a full scan
/// or kept up to date incrementally with the same code.
public struct LedgerOverview: Sendable, Equatable, Encodable {
    public private(set) var eventCount: Int64 = 0
    /// Events per type name; every known type is present, with 0 when it never occurred.
    public private(set) var countsByType: [String: Int64] = Dictionary(
        uniqueKeysWithValues: EventType.allCases.map { ($0.rawValue, 0) })
    /// Requests that reached a routing decision (one `routing.decided` each).
    public private(set) var routedRequestCount: Int64 = 0
    public private(set) var firstTimestamp: Int64?
    public private(set) var lastTimestamp: Int64?
    public private(set) var headSeq: Int64 = 0

    public init() {}

    /// Folds one event in; only its envelope is needed, so the payload stays compressed.
    public mutating func apply(_ event: EventRecord) {
        eventCount += 1
        countsByType[event.type, default: 0] += 1
        if event.type == EventType.routingDecided.rawValue { routedRequestCount += 1 }
        firstTimestamp = min(firstTimestamp ?? event.timestamp, event.timestamp)
        lastTimestamp = max(lastTimestamp ?? event.timestamp, event.timestamp)
        headSeq = event.seq
    }

    enum CodingKeys: String, CodingKey {
        case eventCount = "event_count"
        case countsByType = "counts_by_type"
        case routedRequestCount = "routed_request_count"
        case firstTimestamp = "first_ts"
        case lastTimestamp = "last_ts"
        case headSeq = "head_seq"
    }
}
